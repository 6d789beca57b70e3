"""The OpenAI-compatible endpoint, driven by the real `openai` Python client."""

from __future__ import annotations

import re

import httpx
import openai
import pytest

from tests.speech import Dialogue
from tests.support.transcription_service import TranscriptionService
from tests.transcription_api.conftest import API_KEY


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
    assert [s.start for s in result.segments] == sorted(s.start for s in result.segments)
    assert result.words and all(w.start <= w.end for w in result.words)


def test_srt(oai: openai.OpenAI, dialogue: Dialogue) -> None:
    with dialogue.path.open("rb") as handle:
        srt = oai.audio.transcriptions.create(model="whisper-1", file=handle, response_format="srt")
    assert re.match(r"1\n00:00:0\d,\d{3} --> 00:00:0\d,\d{3}\n\[SPEAKER_00\] ", srt)


def test_errors_use_openai_shape(api: TranscriptionService, oai: openai.OpenAI, dialogue: Dialogue) -> None:
    with dialogue.path.open("rb") as handle, pytest.raises(openai.UnprocessableEntityError) as bad_format:
        oai.audio.transcriptions.create(model="whisper-1", file=handle, response_format="mp3")  # type: ignore[arg-type]
    assert "response_format must be one of" in bad_format.value.body["message"]
    intruder = openai.OpenAI(base_url=f"{api.url}/v1", api_key="nope", max_retries=0)
    with dialogue.path.open("rb") as handle, pytest.raises(openai.AuthenticationError) as denied:
        intruder.audio.transcriptions.create(model="whisper-1", file=handle)
    assert denied.value.body["type"] == "authentication_error"
    with pytest.raises(openai.APIStatusError) as not_audio:
        oai.audio.transcriptions.create(model="whisper-1", file=("notes.mp3", b"plain text, not audio" * 50))
    assert not_audio.value.status_code == 415
    assert not_audio.value.body["message"].startswith("The file is not an audio or video recording")


def test_openai_jobs_leave_nothing_behind(api: TranscriptionService, oai: openai.OpenAI, dialogue: Dialogue) -> None:
    with dialogue.path.open("rb") as handle:
        oai.audio.transcriptions.create(model="whisper-1", file=handle, response_format="text")
    health = httpx.get(f"{api.url}/health").json()
    assert health["queue"] == {"queued": 0, "processing": 0}
    assert list((api.data_dir / "uploads").iterdir()) == []
    metrics = httpx.get(f"{api.url}/metrics", headers={"Authorization": f"Bearer {API_KEY}"}).text
    assert re.search(r'transcription_jobs_submitted_total\{endpoint="openai"\} [1-9]', metrics)
    assert re.search(r'transcription_jobs_finished_total\{status="completed"\} [1-9]', metrics)
    assert re.search(r"transcription_audio_seconds_total [1-9]", metrics)
