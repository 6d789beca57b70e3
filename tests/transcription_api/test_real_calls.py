"""The speaker stage on calls that sound like real ones (tests/realistic): a telephone call with a simultaneous
"Hello?", backchannels over the other person and quick turns; and a call of one- to four-word turns through a
6 kbit/s Opus telephone codec, where the voice encoder scatters one voice's windows and clustering used to split a
few seconds of it off as a phantom third speaker.

The engine runs in this process with the packaged tiny.en model; the calls are rendered once and cached
(tests/realistic.DEFAULT_CACHE), so only the first run pays for the synthesis.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.realistic import RealisticCall, realistic_call, word_speaker_accuracy
from transcription_api.engine.types import JobOptions, Transcript

CALLS = {"hello": ("phone-hello", "phone"), "quick": ("phone-quick", "opus-6k")}


@pytest.fixture(scope="session")
def real_calls() -> dict[str, RealisticCall]:
    return {name: realistic_call(conversation, condition) for name, (conversation, condition) in CALLS.items()}


@pytest.fixture(scope="session")
def transcripts(tiny_engine: Any, real_calls: dict[str, RealisticCall]) -> dict[str, Transcript]:
    return {
        name: tiny_engine.transcribe(call.path, JobOptions(), lambda stage, percent: None)
        for name, call in real_calls.items()
    }


def test_a_telephone_call_has_its_two_speakers_and_words_on_them(
    real_calls: dict[str, RealisticCall], transcripts: dict[str, Transcript]
) -> None:
    """Measured: 2 speakers, 0.929 of the words on their speaker (the misses: the one "Hello?" heard over the other
    one, a backchannel the recognizer wrote as a word, a one-word "Why?" between two turns of the other voice, and
    three words at changes of speaker). The target of 0.95 is not reached yet; 0.90 keeps a margin for the
    recognizer's word times."""
    transcript = transcripts["hello"]
    assert transcript.speakers == ["SPEAKER_00", "SPEAKER_01"]
    accuracy, mapping = word_speaker_accuracy([w for s in transcript.segments for w in s.words], real_calls["hello"])
    assert sorted(mapping.values()) == ["Anna", "Tom"], mapping
    assert accuracy >= 0.90, (accuracy, mapping)


def test_a_phantom_piece_of_a_voice_joins_its_speaker(
    real_calls: dict[str, RealisticCall], transcripts: dict[str, Transcript]
) -> None:
    """Through the 6 kbit/s codec the two voices lie only 0.11 apart (cosine, centroids of their clean windows)
    and clustering at 0.30 finds three groups: the third holds 12 windows (5 of them single-voice) of one voice.
    Too little evidence for a speaker of its own, and not far from the others: it joins its nearest voice
    (measured before: 3 speakers, 0.51 of the words right; now 2 speakers, 0.65)."""
    transcript = transcripts["quick"]
    assert transcript.speakers == ["SPEAKER_00", "SPEAKER_01"]
    _, mapping = word_speaker_accuracy([w for s in transcript.segments for w in s.words], real_calls["quick"])
    assert sorted(mapping.values()) == ["Ken", "Priya"], mapping
