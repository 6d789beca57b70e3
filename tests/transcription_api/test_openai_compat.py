"""The OpenAI-compatible endpoint, driven by the real `openai` Python client."""

from __future__ import annotations

import http.client
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import openai
import pytest

from tests.speech import Dialogue
from tests.support.drills import marked
from tests.support.transcription_service import TranscriptionService
from tests.support.waiting import wait_for
from tests.transcription_api.conftest import API_KEY, LIMIT_TEXT, Client, Drill


@pytest.fixture
def oai(api: TranscriptionService) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{api.url}/v1", api_key=API_KEY, max_retries=0, timeout=240)


def test_json_and_text(oai: openai.OpenAI, dialogue: Dialogue) -> None:
    with dialogue.path.open("rb") as handle:
        result = oai.audio.transcriptions.create(model="whisper-1", file=handle)
    assert "payment system" in result.text.lower()
    with dialogue.path.open("rb") as handle:
        text = oai.audio.transcriptions.create(model="whisper-1", file=handle, response_format="text", language="en")
    assert isinstance(text, str) and "marketing plan" in text.lower()


def test_verbose_json_segments_carry_speakers(oai: openai.OpenAI, dialogue: Dialogue) -> None:
    with dialogue.path.open("rb") as handle:
        result = oai.audio.transcriptions.create(
            model="whisper-1", file=handle, response_format="verbose_json", timestamp_granularities=["word"]
        )
    assert result.language == "en" and result.duration > 20
    speakers = [segment.model_extra["speaker"] for segment in result.segments]
    assert set(speakers) == {"SPEAKER_00", "SPEAKER_01"}
    assert "speaker_embeddings" not in result.model_extra  # only on request
    assert [s.start for s in result.segments] == sorted(s.start for s in result.segments)
    assert result.words and all(w.start <= w.end for w in result.words)


def test_srt(oai: openai.OpenAI, dialogue: Dialogue) -> None:
    with dialogue.path.open("rb") as handle:
        srt = oai.audio.transcriptions.create(model="whisper-1", file=handle, response_format="srt")
    assert re.match(r"1\n00:00:0\d,\d{3} --> 00:00:0\d,\d{3}\n\[SPEAKER_00\] ", srt)


def envelope(message: str, kind: str, code: int) -> dict:
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


def test_errors_use_openai_shape(api: TranscriptionService, oai: openai.OpenAI, dialogue: Dialogue) -> None:
    with dialogue.path.open("rb") as handle, pytest.raises(openai.UnprocessableEntityError) as bad_format:
        oai.audio.transcriptions.create(model="whisper-1", file=handle, response_format="mp3")  # type: ignore[arg-type]
    formats = "response_format must be one of: json, text, srt, vtt, verbose_json, diarized_json."
    assert bad_format.value.response.json() == envelope(formats, "invalid_request_error", 422)
    intruder = openai.OpenAI(base_url=f"{api.url}/v1", api_key="nope", max_retries=0)
    with dialogue.path.open("rb") as handle, pytest.raises(openai.AuthenticationError) as denied:
        intruder.audio.transcriptions.create(model="whisper-1", file=handle)
    assert denied.value.response.json() == envelope("Invalid API key.", "authentication_error", 401)
    with pytest.raises(openai.APIStatusError) as not_audio:
        oai.audio.transcriptions.create(model="whisper-1", file=("notes.mp3", b"plain text, not audio" * 50))
    assert not_audio.value.status_code == 415
    body = not_audio.value.response.json()
    assert body["error"]["message"].startswith("The file is not an audio or video recording")
    assert body == envelope(body["error"]["message"], "invalid_request_error", 415)


def test_an_upload_over_the_limit_gets_413_in_openai_shape(api: TranscriptionService) -> None:
    response = httpx.post(
        f"{api.url}/v1/audio/transcriptions",
        headers={"Authorization": f"Bearer {API_KEY}"},
        files={"file": ("big.wav", bytes(3 * 1024 * 1024))},
        data={"model": "whisper-1"},
        timeout=60,
    )
    assert response.status_code == 413
    assert response.json() == envelope(
        "The file is larger than this service accepts (2 MB).", "invalid_request_error", 413
    )


def metric(api: TranscriptionService, sample: str) -> float:
    text = httpx.get(f"{api.url}/metrics", headers={"Authorization": f"Bearer {API_KEY}"}).text
    match = re.search(rf"^{re.escape(sample)} (\S+)$", text, re.M)
    return float(match.group(1)) if match else 0.0


def test_openai_jobs_leave_nothing_behind(api: TranscriptionService, oai: openai.OpenAI, dialogue: Dialogue) -> None:
    samples = (
        'transcription_jobs_submitted_total{endpoint="openai"}',
        'transcription_jobs_finished_total{status="completed"}',
        "transcription_audio_seconds_total",
    )
    with Client(api.url) as client:
        client.idle()  # the empty queue asserted below is then this request's doing
    before = [metric(api, sample) for sample in samples]
    with dialogue.path.open("rb") as handle:
        oai.audio.transcriptions.create(model="whisper-1", file=handle, response_format="text")
    health = httpx.get(f"{api.url}/health").json()
    assert health["queue"] == {"queued": 0, "processing": 0}
    assert list((api.data_dir / "uploads").iterdir()) == []
    after = [metric(api, sample) for sample in samples]
    assert after[0] - before[0] == 1 and after[1] - before[1] == 1
    assert after[2] - before[2] == pytest.approx(dialogue.turns[-1].end + 0.6, abs=0.1)


# On the drill service: a job that fails, one cancelled from outside, and a caller who hangs up.


def openai_post(drill: Drill, path: Path) -> httpx.Response:
    with path.open("rb") as handle:
        return httpx.post(
            f"{drill.service.url}/v1/audio/transcriptions",
            headers={"Authorization": f"Bearer {API_KEY}"},
            files={"file": (path.name, handle)},
            data={"model": "whisper-1"},
            timeout=120,
        )


def openai_jobs(drill: Drill) -> set[str]:
    """Ids of the jobs made through /v1 that the drill service holds (compared with the set before a test, so that
    a job an earlier test left behind does not count)."""
    return {row["id"] for row in drill.rows("origin = 'openai'")}


def test_a_failed_job_answers_in_openai_shape_and_is_deleted(drill: Drill, endless_webm: Path) -> None:
    before = openai_jobs(drill)
    response = openai_post(drill, endless_webm)
    assert response.status_code == 500
    assert response.json() == envelope(
        f"Transcription failed: The recording is longer than {LIMIT_TEXT}, the longest this service accepts;"
        " it was not transcribed.",
        "server_error",
        500,
    )
    assert openai_jobs(drill) - before == set()


def test_a_job_cancelled_from_outside_answers_in_openai_shape(
    drill: Drill, drill_client: Client, clip: Path, tmp_path: Path
) -> None:
    gate, before = drill.gate(), openai_jobs(drill)
    with ThreadPoolExecutor(max_workers=1) as pool:
        waiting = pool.submit(openai_post, drill, marked(clip, tmp_path / "held.wav", gate.marker))
        gate.wait_held()
        (task,) = openai_jobs(drill) - before
        assert drill_client.http.delete(f"/transcribe/{task}").json()["status"] == "cancelled"
        gate.release()
        response = waiting.result(timeout=60)
    assert response.status_code == 500
    assert response.json() == envelope("The transcription was cancelled.", "server_error", 500)
    assert openai_jobs(drill) - before == set()


def test_a_caller_that_hangs_up_cancels_its_job(drill: Drill, drill_client: Client, clip: Path, tmp_path: Path) -> None:
    gate = drill.gate()
    held = marked(clip, tmp_path / "held.wav", gate.marker)
    body, content_type = multipart_body(held)
    before, jobs_before = drill.uploads(), openai_jobs(drill)
    caller = http.client.HTTPConnection("127.0.0.1", drill.service.port, timeout=30)
    caller.request(
        "POST",
        "/v1/audio/transcriptions",
        body=body,
        headers={
            "Authorization": f"Bearer {API_KEY}",
            "Content-Type": content_type,
        },
    )
    gate.wait_held()
    (task,) = openai_jobs(drill) - jobs_before
    caller.close()  # the caller gives up while its recording is being transcribed
    wait_for(lambda: task not in openai_jobs(drill), 30, "the abandoned job to be deleted")
    gate.release()
    wait_for(lambda: drill.uploads() <= before, 30, "the abandoned upload to be removed")
    assert drill_client.http.get(f"/transcribe/status/{task}").status_code == 404
    wait_for(lambda: drill_client.http.get("/health").json()["queue"]["processing"] == 0, 30, "the worker to stop it")


def multipart_body(path: Path) -> tuple[bytes, str]:
    request = httpx.Request("POST", "http://x/", files={"file": (path.name, path.read_bytes())}, data={"model": "m"})
    return request.read(), request.headers["content-type"]
