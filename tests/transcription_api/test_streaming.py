"""Results as they become final: the real ``openai`` client with ``stream=True`` and the seed routes'
``GET /transcribe/{id}/events`` against the service under uvicorn, which processes the recording in 8-second blocks
(TRANSCRIBE_BLOCK_S) so that a half-minute dialogue takes four. The distributed mode: test_streaming_cluster.py."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import imageio_ffmpeg
import openai
import pytest

from tests.speech import Dialogue
from tests.support.sse import Event, read_events
from tests.support.transcription_service import TranscriptionService
from tests.support.waiting import wait_for
from tests.transcription_api.conftest import API_KEY, Client

BLOCK_S = 8.0
LIMIT_HOURS = "0.01"  # 36 s: the dialogue (about 29 s) passes, a 40 s recording fails once decoded


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TranscriptionService]:
    root = tmp_path_factory.mktemp("streaming")
    settings = {"TRANSCRIBE_BLOCK_S": str(BLOCK_S), "TRANSCRIBE_MAX_DURATION_HOURS": LIMIT_HOURS}
    server = TranscriptionService(root / "data", api_key=API_KEY, settings=settings)
    yield server.start()
    server.stop()


@pytest.fixture(scope="module")
def too_long_webm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 s in a WebM written as a stream: its length is known only once decoded, so the job fails while running."""
    path = tmp_path_factory.mktemp("webm") / "long.webm"
    with path.open("wb") as out:
        subprocess.run(
            [
                imageio_ffmpeg.get_ffmpeg_exe(),
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=300:duration=40",
                "-c:a",
                "libopus",
                "-f",
                "webm",
                "pipe:1",
            ],
            stdout=out,
            check=True,
        )
    return path


@pytest.fixture
def client(service: TranscriptionService) -> Iterator[Client]:
    with Client(service.url) as c:
        yield c


def words(text: str) -> str:
    return " ".join(text.split())


def test_openai_stream_tells_segments_before_the_job_ends(
    service: TranscriptionService, client: Client, dialogue: Dialogue
) -> None:
    oai = openai.OpenAI(base_url=f"{service.url}/v1", api_key=API_KEY, max_retries=0, timeout=120)
    with dialogue.path.open("rb") as handle:
        stream = oai.audio.transcriptions.create(model="whisper-1", file=handle, stream=True)
    task = stream.response.headers["x-task-id"]
    assert stream.response.headers["content-type"].startswith("text/event-stream")
    events, status_at_first_segment = [], None
    for event in stream:
        if event.type == "transcript.text.segment" and status_at_first_segment is None:
            status_at_first_segment = client.status(task)["status"]  # read right after the first segment event
        events.append(event)
    assert status_at_first_segment == "processing"
    kinds = [event.type for event in events]
    assert kinds[-1] == "transcript.text.done" and kinds.count("transcript.text.done") == 1
    segments = [event for event in events if event.type == "transcript.text.segment"]
    deltas = [event for event in events if event.type == "transcript.text.delta"]
    assert len(segments) == len(deltas) >= 4
    assert [d.segment_id for d in deltas] == [s.id for s in segments] and len({s.id for s in segments}) == len(segments)
    assert segments[0].end <= BLOCK_S + 1 and segments[-1].start > 2 * BLOCK_S  # told from several blocks
    assert [s.start for s in segments] == sorted(s.start for s in segments)
    assert all(re.fullmatch(r"SPEAKER_0\d", s.speaker) for s in segments)
    done = events[-1]
    assert "payment system" in done.text.lower()
    assert words("".join(d.delta for d in deltas)) == words(done.text)  # the deltas add up to the final text
    assert done.usage.model_extra == {"seconds": pytest.approx(dialogue.turns[-1].end + 0.6, abs=1.0)}
    final = done.model_extra["segments"]
    assert {s["speaker"] for s in final} == {"SPEAKER_00", "SPEAKER_01"}
    wait_for(lambda: client.gone(task), 30, "the streamed job to be deleted once its stream ended")


def test_a_stream_client_that_goes_away_cancels_its_job(
    service: TranscriptionService, client: Client, dialogue: Dialogue
) -> None:
    oai = openai.OpenAI(base_url=f"{service.url}/v1", api_key=API_KEY, max_retries=0, timeout=120)
    with dialogue.path.open("rb") as handle:
        stream = oai.audio.transcriptions.create(model="whisper-1", file=handle, stream=True)
    task = stream.response.headers["x-task-id"]
    first = next(iter(stream))
    assert first.type == "transcript.text.delta"
    assert client.status(task)["status"] == "processing"
    stream.close()  # the caller hangs up after the first words
    wait_for(lambda: client.gone(task), 30, "the abandoned job to be deleted")
    uploads = service.data_dir / "uploads"
    wait_for(lambda: not any(uploads.iterdir()), 30, "the worker to stop the job and remove its upload")


def test_a_job_that_fails_after_the_stream_started_ends_it_with_an_error_event(
    service: TranscriptionService, client: Client, too_long_webm: Path
) -> None:
    oai = openai.OpenAI(base_url=f"{service.url}/v1", api_key=API_KEY, max_retries=0, timeout=120)
    with too_long_webm.open("rb") as handle:
        stream = oai.audio.transcriptions.create(model="whisper-1", file=handle, stream=True)
    assert stream.response.status_code == 200
    with pytest.raises(openai.APIError) as failed:
        list(stream)
    assert failed.value.message.startswith("Transcription failed: The recording is longer than 36 s")
    assert failed.value.body == {"message": failed.value.message, "type": "server_error", "param": None, "code": None}
    wait_for(lambda: client.gone(stream.response.headers["x-task-id"]), 30, "the failed job to be deleted")


def follow(client: Client, task: str, headers: dict[str, str] | None = None, **params: str) -> Iterator[Event]:
    with client.http.stream("GET", f"/transcribe/{task}/events", headers=headers, params=params) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        yield from read_events(response)


def test_events_resume_after_a_reconnect_without_gaps_or_repeats(client: Client, dialogue: Dialogue) -> None:
    task = client.submit_ok(dialogue.path)
    before: list[Event] = []
    for event in follow(client, task):  # the first connection drops after the first segment
        before.append(event)
        if event.kind == "segment":
            break
    assert client.status(task)["status"] == "processing"
    after = list(follow(client, task, headers={"Last-Event-ID": str(before[-1].id)}))
    assert after[-1].kind == "done" and [e.kind for e in after].count("done") == 1  # the stream ends by itself
    whole = list(follow(client, task))
    assert before + after == whole  # every event exactly once, in order
    ids = [int(str(e.id)) for e in whole]
    assert ids == sorted(set(ids))
    kinds = [e.kind for e in whole]
    assert kinds[0] == "progress" and kinds.index("segment") < kinds.index("done")
    assert list(follow(client, task, after=str(before[-1].id))) == after  # ?after= does the same
    segments = [e.data for e in whole if e.kind == "segment"]
    assert all(set(s) == {"start", "end", "text", "speaker"} for s in segments) and len(segments) >= 4
    result = client.wait(task)["result"]
    assert whole[-1].data == {
        "status": "completed",
        "language": "en",
        "duration": result["duration"],
        "speakers": ["SPEAKER_00", "SPEAKER_01"],
        "segments": len(result["segments"]),
    }
    assert words(" ".join(s["text"] for s in segments)) == words(" ".join(s["text"] for s in result["segments"]))


def test_events_of_a_cancelled_job_and_bad_requests(
    service: TranscriptionService, client: Client, dialogue: Dialogue
) -> None:
    task = client.submit_ok(dialogue.path)
    for event in follow(client, task):
        if event.kind == "progress":
            break
    assert client.http.delete(f"/transcribe/{task}").json()["status"] == "cancelled"
    events = list(follow(client, task))
    assert events[-1].kind == "cancelled" and events[-1].data == {"status": "cancelled"}
    assert client.http.get(f"/transcribe/{task}/events", headers={"Last-Event-ID": "x1"}).status_code == 422
    assert client.http.get("/transcribe/no-such-job-0000000/events").status_code == 404
    assert httpx.get(f"{service.url}/transcribe/{task}/events").status_code == 401
