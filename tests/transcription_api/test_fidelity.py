"""Transcript fidelity on a realistic neural-voice call (tests/neural_calls.py TEST_CALL, through the real service).

Numbers and punctuation come back as whisper wrote them; a silent and a music stretch inside the call yield no
words; no phrase is said twice across a seam; and the word error rate is no worse than sequential faster-whisper's
on the same model and audio. The decoder's guards are also checked on their own, on stretches the VAD would have
kept away from them.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

import pytest

from tests.neural_calls import TEST_CALL
from tests.neural_speech import NeuralCall, synthesize_call
from tests.support.transcription_service import TranscriptionService
from tests.transcript_scoring import normalize, word_error_rate
from tests.transcription_api.conftest import Client
from transcription_api.engine.audio import decode
from transcription_api.engine.chunking import EDGE_REACH_S
from transcription_api.engine.types import Word, join_words
from transcription_api.settings import ApiSettings

if TYPE_CHECKING:
    from transcription_api.engine.asr import AsrStage


@pytest.fixture(scope="module")
def call(tmp_path_factory: pytest.TempPathFactory) -> NeuralCall:
    return synthesize_call(TEST_CALL, tmp_path_factory.mktemp("neural-speech"), "test-call")


@pytest.fixture(scope="module")
def result(api: TranscriptionService, call: NeuralCall) -> dict:
    client = Client(api.url)
    body = client.wait(client.submit_ok(call.path))
    client.http.close()
    assert body["status"] == "completed", body
    return dict(body["result"])


def full_text(result: dict) -> str:
    return " ".join(s["text"] for s in result["segments"])


def test_numbers_and_punctuation_keep_whisper_spacing(result: dict) -> None:
    text = full_text(result)
    for written in ("$47,000", "9,000", "3.5%"):
        assert written in text, text
    assert re.search(r"\b10[:.]30\b", text), text
    assert not re.search(r"\d \W\d|\w %", text), text  # no "$47 ,000", "3 .5", "3.5 %"
    for segment in result["segments"]:
        words = [Word(w["word"], w["start"], w["end"], space_before=w["space_before"]) for w in segment["words"]]
        assert join_words(words) == segment["text"]


def test_silent_and_music_stretches_yield_no_words(result: dict, call: NeuralCall) -> None:
    words = [w for s in result["segments"] for w in s["words"]]
    assert len(call.stretches) == 2 and words
    for start, end, kind in call.stretches:
        inside = [w["word"] for w in words if start + 0.25 < (w["start"] + w["end"]) / 2 < end - 0.25]
        assert inside == [], (kind, inside)


def test_no_phrase_is_repeated_across_lines(result: dict) -> None:
    lines = [normalize(s["text"]).split() for s in result["segments"]]
    for before, after in pairwise(lines):
        assert not (len(before) >= 2 and before[-2:] == after[:2]), (before, after)


def test_word_error_rate_no_worse_than_sequential_faster_whisper(
    result: dict, call: NeuralCall, api: TranscriptionService
) -> None:
    from faster_whisper import WhisperModel

    model = WhisperModel(str(api.data_dir / "models" / "whisper-base"), device="cpu", compute_type="int8")
    segments, _ = model.transcribe(decode(call.path), language="en", beam_size=5, word_timestamps=True, vad_filter=True)
    reference = word_error_rate(call.script, "".join(s.text for s in segments))
    ours = word_error_rate(call.script, full_text(result))
    assert ours <= reference + 0.01, (ours, reference, full_text(result))


@pytest.fixture(scope="module")
def asr(api: TranscriptionService) -> AsrStage:
    """The ASR stage in this process, to decode chosen stretches with no VAD in front of it."""
    from transcription_api.engine.asr import AsrStage
    from transcription_api.engine.models import choose_model
    from transcription_api.engine.vad import whisperx_vad

    settings = ApiSettings(model="packaged-base", device="cpu", cpu_threads=2, data_dir=api.data_dir)
    return AsrStage(choose_model(settings), settings, whisperx_vad())


def test_decoder_guards_drop_silence_and_music_the_vad_let_through(asr: AsrStage, call: NeuralCall) -> None:
    audio = decode(call.path)
    margin = 0.3 + EDGE_REACH_S  # a chunk reaches this far around its region: keep the speech around out of it
    for start, end, kind in call.stretches:
        _, segments, _ = asr.transcribe(audio, "en", None, [(start + margin, end - margin)], lambda p: None)
        assert segments == [], (kind, [s.text for s in segments])


def test_guards_keep_real_speech(asr: AsrStage, call: NeuralCall) -> None:
    last = call.turns[-1]
    _, segments, _ = asr.transcribe(decode(call.path), "en", None, [(last.start, last.end)], lambda p: None)
    assert word_error_rate(last.text, " ".join(s.text for s in segments)) <= 0.1, segments
