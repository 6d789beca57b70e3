"""Diarization only: the words of an earlier transcript get speakers again with a given count, and speech
recognition does not run (the service's own counter of recognized audio stays where it was)."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict
from functools import partial
from typing import Any

import httpx
import pytest

from tests.speech import Dialogue
from tests.support.transcription_service import TranscriptionService
from tests.transcription_api.conftest import API_KEY, Client
from transcription_api.engine import speakers_only
from transcription_api.engine.blocks import blocks
from transcription_api.engine.types import JobOptions, Stage, Word

ASR_SECONDS = re.compile(r"^transcription_asr_audio_seconds_total ([0-9.e+-]+)$", re.MULTILINE)


def asr_seconds(api: TranscriptionService) -> float:
    text = httpx.get(f"{api.url}/metrics", headers={"Authorization": f"Bearer {API_KEY}"}).text
    found = ASR_SECONDS.search(text)
    assert found, text
    return float(found.group(1))


def words_of(result: dict) -> list[dict]:
    return [w for s in result["segments"] for w in s["words"]]


def given(words: list[dict]) -> str:
    return json.dumps([{k: w[k] for k in ("word", "start", "end", "space_before")} for w in words])


def right_share(words: list[dict], dialogue: Dialogue) -> float:
    """Share of words on the speaker that covers most of their real speaker's words."""
    truth = [dialogue.turn_at((w["start"] + w["end"]) / 2).speaker for w in words]
    votes: dict[str, Counter] = {}
    for word, real in zip(words, truth, strict=True):
        votes.setdefault(real, Counter())[word["speaker"]] += 1
    mapping = {real: counter.most_common(1)[0][0] for real, counter in votes.items()}
    assert len(set(mapping.values())) == len(mapping), mapping
    return sum(mapping[real] == w["speaker"] for w, real in zip(words, truth, strict=True)) / len(words)


@pytest.fixture(scope="module")
def one_speaker_run(api: TranscriptionService, dialogue: Dialogue) -> dict:
    """The two-voice meeting transcribed with a wrong count: everything on one speaker."""
    with Client(api.url) as c:
        body = c.wait(c.submit_ok(dialogue.path, max_speakers=1))
    assert body["status"] == "completed", body
    assert body["result"]["speakers"] == ["SPEAKER_00"]
    return dict(body["result"])


def test_rediarizing_with_a_count_changes_speakers_without_recognition(
    client: Client, api: TranscriptionService, dialogue: Dialogue, one_speaker_run: dict
) -> None:
    before = asr_seconds(api)
    words = words_of(one_speaker_run)
    task = client.submit_ok(dialogue.path, diarize_only="true", num_speakers=2, words=given(words), language="en")
    assert client.status(task)["options"]["words"] == len(words)
    body = client.wait(task)
    assert body["status"] == "completed", body
    assert asr_seconds(api) == before, "speech recognition ran for a diarization-only job"
    result = body["result"]
    assert result["speakers"] == ["SPEAKER_00", "SPEAKER_01"]
    again = words_of(result)
    assert [(w["word"], w["start"], w["end"]) for w in again] == [(w["word"], w["start"], w["end"]) for w in words]
    assert right_share(again, dialogue) >= 0.95
    assert all(len({w["speaker"] for w in s["words"]}) == 1 for s in result["segments"])  # one voice a line
    assert " ".join(s["text"] for s in result["segments"]) == " ".join(s["text"] for s in one_speaker_run["segments"])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"diarize_only": "true"}, "diarize_only=true and words"),
        ({"words": '[{"word": "hi", "start": 0, "end": 1}]'}, "diarize_only=true and words"),
        ({"diarize_only": "true", "words": "not json"}, "words must be a JSON list"),
        ({"diarize_only": "true", "words": "[]"}, "non-empty JSON list"),
        ({"diarize_only": "true", "words": '[{"word": "hi", "start": "0", "end": 1}]'}, "words[0].start must be"),
        ({"diarize_only": "true", "words": '[{"word": "a", "start": 2, "end": 1}]'}, "words[0] ends (1.0 s) before"),
        (
            {
                "diarize_only": "true",
                "words": '[{"word": "a", "start": 2, "end": 3}, {"word": "b", "start": 1, "end": 2}]',
            },
            "words must be in time order",
        ),
        ({"diarize_only": "true", "words": '[{"word": "a", "start": 900, "end": 901}]'}, "belong to another recording"),
        (
            {"diarize_only": "true", "diarize": "false", "words": '[{"word": "a", "start": 0, "end": 1}]'},
            "diarize=false",
        ),
    ],
)
def test_bad_words_are_refused_with_a_reason(client: Client, dialogue: Dialogue, fields: dict, message: str) -> None:
    response = client.submit(dialogue.path, **fields)
    assert response.status_code == 422, response.text
    assert message in response.json()["detail"], response.json()


def test_words_find_their_speakers_across_blocks_without_recognition(
    tiny_engine: Any, dialogue: Dialogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long recording's path: 10 s blocks, so the given words are spread over several blocks and their seams."""
    transcript = tiny_engine.transcribe(dialogue.path, JobOptions(max_speakers=1), lambda stage, percent: None)
    words = tuple(
        Word(w.word, w.start, w.end, space_before=w.space_before) for s in transcript.segments for w in s.words
    )
    monkeypatch.setattr(speakers_only, "blocks", partial(blocks, block_s=10.0))
    recognized, stages = tiny_engine.asr_audio_seconds, set()
    again = tiny_engine.transcribe(
        dialogue.path,
        JobOptions(num_speakers=2, diarize_only=True, words=words, language="en"),
        lambda stage, percent: stages.add(stage),
    )
    assert tiny_engine.asr_audio_seconds == recognized and Stage.TRANSCRIBING not in stages
    assert dialogue.turns[-1].end > 25  # at least three blocks
    found = [asdict(w) for s in again.segments for w in s.words]
    assert [(w["word"], w["start"], w["end"]) for w in found] == [(w.word, w.start, w.end) for w in words]
    assert again.speakers == ["SPEAKER_00", "SPEAKER_01"] and right_share(found, dialogue) >= 0.9
