"""Every kind of bad input gets a specific status code and message, and leaves nothing on disk."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.speech import Dialogue, ffmpeg
from tests.support.transcription_service import TranscriptionService
from tests.support.waiting import wait_for
from tests.transcription_api.conftest import Client


def uploads_left(api: TranscriptionService) -> list[Path]:
    return list((api.data_dir / "uploads").glob("*"))


@pytest.fixture
def clean_uploads(api: TranscriptionService):
    yield
    assert uploads_left(api) == [], "a refused upload left a file behind"


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory, dialogue: Dialogue) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("bad")
    files = {
        "empty": d / "empty.wav",
        "text": d / "notes.mp3",
        "truncated": d / "cut.m4a",
        "no_audio": d / "screen.mp4",
        "short": d / "blip.wav",
        "big": d / "big.wav",
    }
    files["empty"].write_bytes(b"")
    files["text"].write_text("Meeting notes: this is a text file renamed to look like audio.\n" * 20)
    whole = d / "whole.m4a"
    ffmpeg("-i", str(dialogue.path), "-c:a", "aac", "-movflags", "+faststart", str(whole))
    # an MP4 written front to back and cut short: its index (moov atom, at the end) is missing
    ffmpeg("-i", str(dialogue.path), "-c:a", "aac", str(d / "plain.m4a"))
    files["truncated"].write_bytes((d / "plain.m4a").read_bytes()[: whole.stat().st_size // 2])
    ffmpeg(
        "-f", "lavfi", "-i", "testsrc=duration=3:size=160x120:rate=10", "-pix_fmt", "yuv420p", str(files["no_audio"])
    )
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=0.3", "-ar", "16000", str(files["short"]))
    ffmpeg("-f", "lavfi", "-i", "anoisesrc=d=70:r=16000", "-ac", "1", str(files["big"]))  # ~2.2 MB > 2 MB limit
    return files


CASES = [
    ("empty", 422, "empty"),
    ("text", 415, "The file is not an audio or video recording"),
    ("truncated", 422, "truncated or damaged"),
    ("no_audio", 422, "no audio track"),
    ("short", 422, "at least 0.5 s"),
    ("big", 413, "larger than this service accepts"),
]


@pytest.mark.parametrize(("name", "code", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_refused_with_a_reason(client: Client, bad_files, clean_uploads, name, code, message) -> None:
    response = client.submit(bad_files[name])
    assert response.status_code == code, response.text
    assert message in response.json()["detail"]


def test_missing_file_field(client: Client, clean_uploads) -> None:
    response = client.http.post("/transcribe/", files={"audio": ("a.wav", b"RIFF....")}, data={"language": "en"})
    assert response.status_code == 422
    assert "no 'file' field" in response.json()["detail"]


def test_not_multipart(client: Client, clean_uploads) -> None:
    response = client.http.post("/transcribe/", content=b"raw bytes", headers={"content-type": "audio/wav"})
    assert response.status_code == 422
    assert "multipart/form-data" in response.json()["detail"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"min_speakers": 3, "max_speakers": 2}, "min_speakers (3) cannot be greater than max_speakers (2)"),
        ({"num_speakers": 0}, "num_speakers"),
        ({"max_speakers": "many"}, "max_speakers"),
        ({"language": "klingon"}, "unknown language code 'klingon'"),
        ({"diarize": "perhaps"}, "diarize"),
        ({"num_speakers": 5, "max_speakers": 3}, "num_speakers (5) must lie between"),
    ],
)
def test_bad_options(client: Client, dialogue: Dialogue, clean_uploads, fields, message) -> None:
    response = client.submit(dialogue.path, **fields)
    assert response.status_code == 422, response.text
    assert message in response.json()["detail"]


def test_options_in_the_query_string_are_validated_too(client: Client, dialogue: Dialogue, clean_uploads) -> None:
    with dialogue.path.open("rb") as handle:
        response = client.http.post("/transcribe/?min_speakers=4&max_speakers=1", files={"file": handle})
    assert response.status_code == 422
    assert "min_speakers (4)" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/transcribe/status/nope", "/transcribe/result/nope", "/transcribe/nope"])
def test_unknown_job_id(client: Client, path: str) -> None:
    method = "DELETE" if path == "/transcribe/nope" else "GET"
    response = client.http.request(method, path)
    assert response.status_code == 404
    assert response.json() == {"detail": "No job with id 'nope' (unknown, deleted, or past its retention period)."}


def test_api_key_is_required(api: TranscriptionService, dialogue: Dialogue, clean_uploads) -> None:
    anonymous = Client(api.url, key=None)
    assert anonymous.submit(dialogue.path).status_code == 401
    wrong = Client(api.url, key="wrong")
    response = wrong.http.get("/transcribe/status/x")
    assert response.status_code == 401 and response.json()["detail"] == "Invalid API key."
    assert response.headers["www-authenticate"] == "Bearer"
    assert httpx.get(f"{api.url}/health").status_code == 200  # health stays open for orchestrators
    assert httpx.get(f"{api.url}/metrics").status_code == 401


def test_an_upload_cut_off_midway_leaves_no_file(api: TranscriptionService, clean_uploads) -> None:
    import socket

    # more than the writer's batch (1 MB), so part of the file is on disk when the client goes
    head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\n' + bytes(1_300_000)
    with socket.create_connection(("127.0.0.1", api.port)) as sock:
        sock.sendall(
            b"POST /transcribe/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 2000000\r\n\r\n" + head
        )
        wait_for(lambda: uploads_left(api), 10, "the partial upload to appear on disk while it streams")
    wait_for(lambda: not uploads_left(api), 10, "the partial upload to be removed after the client hung up")


def test_a_chunked_upload_over_the_limit_is_stopped_while_streaming(client: Client, clean_uploads) -> None:
    def body():
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.wav"\r\n\r\n'
        for _ in range(64):  # 4 MB against a 2 MB limit, with no Content-Length to refuse up front
            yield bytes(64 * 1024)
        yield b"\r\n--b--\r\n"

    response = client.http.post(
        "/transcribe/", content=body(), headers={"content-type": "multipart/form-data; boundary=b"}
    )
    assert response.status_code == 413
    assert "larger than this service accepts (2 MB)" in response.json()["detail"]
