"""Requests built to crash or fill the service: each gets a 4xx with a clear message, no traceback reaches the log,
and no file stays in uploads/; an upload file that no job owns goes at the next purge, one still streaming stays."""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.speech import Dialogue
from tests.support.transcription_service import TranscriptionService
from tests.support.waiting import wait_for
from tests.transcription_api.conftest import API_KEY, Client, Drill

ONE_WORD = [{"word": "Hello", "start": 0.5, "end": 0.9}]


def _words(**word: Any) -> str:
    return json.dumps([{**ONE_WORD[0], **word}])


HOSTILE_WORDS: list[tuple[str, str | bytes, str]] = [
    ("a 400-digit time", _words().replace("0.5", "9" * 400), "a number of 400 characters"),
    ("a 5000-digit time", _words().replace("0.5", "9" * 5000), "a number of 5000 characters"),
    ("200,000-deep nesting", "[" * 200_000 + "]" * 200_000, "not nested"),
    ("a lone surrogate", _words(word="\ud800"), "words[0].word is not valid UTF-8 text"),
    ("bytes that are not UTF-8", b'[{"word": "caf\xe9", "start": 0.5, "end": 0.9}]', "'words' is not UTF-8 text"),
]


@pytest.fixture
def quiet_log(api: TranscriptionService):
    """Whatever the test sends, the service's log gains no traceback and uploads/ ends empty."""
    start = api.log_path.stat().st_size
    uploads = api.data_dir / "uploads"
    before = set(uploads.iterdir())  # the shared service may still hold an earlier test's queued upload
    yield
    httpx.get(f"{api.url}/health")  # one more answer: anything logged about the requests before is written by now
    with api.log_path.open("rb") as log:
        log.seek(start)
        added = log.read().decode(errors="replace")
    assert "Traceback" not in added and "Exception in ASGI" not in added, added[-3000:]
    assert set(uploads.iterdir()) - before == set(), "a refused request left a file in uploads/"


@pytest.mark.parametrize(("words", "message"), [case[1:] for case in HOSTILE_WORDS], ids=[c[0] for c in HOSTILE_WORDS])
def test_hostile_words_are_refused_with_a_reason(
    client: Client, dialogue: Dialogue, quiet_log: None, words: str | bytes, message: str
) -> None:
    payload = words.encode("utf-8", "surrogatepass") if isinstance(words, str) else words
    with dialogue.path.open("rb") as handle:
        response = client.http.post(
            "/transcribe/",
            files={"file": (dialogue.path.name, handle)},
            data={"diarize_only": "true", "words": payload},  # type: ignore[dict-item]
        )
    assert response.status_code == 422, response.text
    assert message in response.json()["detail"], response.json()


def test_a_form_field_that_is_not_utf8_is_refused_on_the_openai_route(
    client: Client, dialogue: Dialogue, quiet_log: None
) -> None:
    with dialogue.path.open("rb") as handle:
        response = client.http.post(
            "/v1/audio/transcriptions",
            files={"file": (dialogue.path.name, handle)},
            data={"model": "whisper-1", "prompt": b"Zo\xeb and \xff"},  # type: ignore[dict-item]
        )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["message"] == "The form field 'prompt' is not UTF-8 text."


def _stray(directory: Path, name: str, age_s: float) -> Path:
    path = directory / name
    path.write_bytes(b"left by a request that died")
    os.utime(path, (time.time() - age_s, time.time() - age_s))
    return path


def test_a_file_no_job_owns_goes_at_once_but_an_upload_streaming_in_stays(drill: Drill, clip: Path) -> None:
    uploads = drill.service.data_dir / "uploads"
    before = set(uploads.iterdir())  # the shared drill service may still hold an earlier test's upload
    audio = clip.read_bytes()
    head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="clip.wav"\r\n\r\n'
    tail = b"\r\n--b--\r\n"
    with socket.create_connection(("127.0.0.1", drill.service.port)) as sock, sock.makefile("rb") as answer:
        sock.sendall(
            b"POST /transcribe/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + API_KEY.encode() + b"\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\n"
            b"Content-Length: " + str(len(head) + len(audio) + len(tail)).encode() + b"\r\n\r\n" + head + audio[:4096]
        )
        wait_for(lambda: set(uploads.iterdir()) - before, 10, "the upload to reach the disk")
        (streaming,) = set(uploads.iterdir()) - before
        os.utime(streaming, (time.time() - 60, time.time() - 60))  # as old as a dead request's file would be
        orphan = _stray(uploads, "dead.upload", age_s=60)  # a minute old, no job: not an hour's wait
        wait_for(lambda: not orphan.exists(), 10, "the purge (every 0.2 s) to remove the file no job owns")
        assert streaming.exists(), "the purge removed an upload that was still streaming in"
        sock.sendall(audio[4096:] + tail)
        task_id = _accepted(answer)
    with Client(drill.service.url) as client:
        done = client.wait(task_id)
    assert done["status"] == "completed", done
    assert "contract" in " ".join(s["text"] for s in done["result"]["segments"]).lower()
    wait_for(lambda: not set(uploads.iterdir()) - before, 10, "the finished job's upload to be removed")


def _accepted(answer: Any) -> str:
    """The task id of a 200 answer read off the raw connection."""
    status_line = answer.readline()
    assert status_line.startswith(b"HTTP/1.1 200"), status_line
    headers = dict(line.split(b":", 1) for line in iter(answer.readline, b"\r\n"))
    body = answer.read(int(headers[b"content-length"]))
    return str(json.loads(body)["task_id"])
