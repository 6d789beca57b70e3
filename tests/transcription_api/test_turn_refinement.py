"""Word-level refinement of speaker changes, on real speech with the real voice encoder: a change put two words too
early or too late is moved back to where the voice really changes."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest

from tests.speech import MEETING, Dialogue, synthesize
from tests.support.speaker_scoring import speaker_accuracy
from transcription_api.engine.audio import decode
from transcription_api.engine.torch_threads import single_threaded
from transcription_api.engine.turn_refinement import refine_changes
from transcription_api.engine.types import SAMPLE_RATE, JobOptions, Word


@pytest.fixture(scope="module")
def back_to_back(tmp_path_factory: pytest.TempPathFactory) -> Dialogue:
    return synthesize(MEETING, tmp_path_factory.mktemp("b2b") / "call.wav", gap_s=0.1)


def shift_changes(words: list[Word], by: int) -> int:
    """Move every change of speaker ``by`` words later (by > 0) or earlier; returns the words relabelled."""
    changes = [i for i in range(1, len(words)) if words[i].speaker != words[i - 1].speaker]
    moved = 0
    for i in changes:
        span = range(i, min(i + by, len(words))) if by > 0 else range(max(i + by, 0), i)
        label = words[i - 1].speaker if by > 0 else words[i].speaker
        for j in span:
            moved += words[j].speaker != label
            words[j].speaker = label
    return moved


class Prepared:
    """The call transcribed by the engine, its audio, and the voices the diarizer found in it."""

    def __init__(self, engine: Any, call: Dialogue) -> None:
        transcript = engine.transcribe(call.path, JobOptions(), lambda stage, percent: None)
        self.words = [w for s in transcript.segments for w in s.words]
        self.audio = decode(call.path)
        with single_threaded():
            regions = engine.speech.regions(self.audio)
        windows = engine.diarizer.embed(self.audio, regions, lambda p: None)
        self.voices = engine.diarizer.label(
            windows, regions, min_speakers=None, max_speakers=None, num_speakers=2
        ).voices

    def read(self, start: float, end: float) -> np.ndarray:
        low, high = int(start * SAMPLE_RATE), int(end * SAMPLE_RATE)
        piece = self.audio[max(low, 0) : max(high, 0)]
        return np.pad(piece, (max(-low, 0), max(high - low - len(piece) - max(-low, 0), 0)))


@pytest.fixture(scope="module")
def prepared(tiny_engine: Any, back_to_back: Dialogue) -> Prepared:
    return Prepared(tiny_engine, back_to_back)


@pytest.mark.parametrize("by", [2, -2])
def test_a_change_put_two_words_off_is_moved_back(
    tiny_engine: Any, back_to_back: Dialogue, prepared: Prepared, by: int
) -> None:
    right, _ = speaker_accuracy(prepared.words, back_to_back)
    assert right >= 0.97
    mapping = _label_map(prepared.words, prepared.voices)
    shifted = copy.deepcopy(prepared.words)
    for word in shifted:
        word.speaker = mapping[word.speaker]
    wrong = shift_changes(shifted, by)
    assert wrong >= 10 and speaker_accuracy(shifted, back_to_back)[0] < right - 0.05
    moved = refine_changes(shifted, prepared.voices, prepared.read, tiny_engine.diarizer.embed_sides)
    assert moved >= wrong
    assert speaker_accuracy(shifted, back_to_back)[0] >= right


def _label_map(words: list[Word], voices: dict[str, np.ndarray]) -> dict[str | None, str]:
    """The transcript's labels (renamed by first appearance) → the diarizer's voice names, by first appearance."""
    ours = list(dict.fromkeys(w.speaker for w in words))
    return dict(zip(ours, sorted(voices), strict=True))
