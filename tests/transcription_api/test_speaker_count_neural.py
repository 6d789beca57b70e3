"""Speaker count and word→speaker accuracy on neural-voice calls (tests/neural_speech.py): two similar female
voices taking turns with 100 ms gaps, and four voices; and the clustering threshold pinned from above by the two
similar voices. (Three voices: test_speaker_count.py, with espeak.)

The engine runs in this process with the packaged tiny.en model; the calls are synthesized once per session.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.neural_calls import SIMILAR_VOICES
from tests.neural_speech import Line, NeuralCall, Script, synthesize_call
from tests.support.speaker_scoring import speaker_accuracy
from tests.transcription_api.test_speaker_count import counts, voice_windows
from transcription_api.engine import clustering
from transcription_api.engine.types import JobOptions

L = Line
# Four voices that a voice encoder tells apart (two women, two men).
FOUR_WAY: Script = (
    L("joe", "Let us decide who presents at the conference next month. We have three slots on the first day."),
    L("alpha", "I can present the product roadmap in the morning. It takes about twenty minutes."),
    L("kumo", "Then I will show the customer results in the afternoon, with the two case studies."),
    L("gongitsune", "And I will prepare the slides for both of you. I need your notes by Friday."),
    L("joe", "Good. Please send me the drafts before Wednesday, so that I can read them first."),
    L("alpha", "Will do. I will share mine tomorrow morning, together with the new screenshots."),
    L("kumo", "Mine will be ready on Tuesday evening. I am still waiting for the numbers from sales."),
    L("gongitsune", "Then we can review everything together on Thursday at noon in the small meeting room."),
)
CALLS = {"two similar voices": (SIMILAR_VOICES, 2), "four voices": (FOUR_WAY, 4)}


@pytest.fixture(scope="session")
def neural_calls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[NeuralCall, int]]:
    folder = tmp_path_factory.mktemp("neural")
    return {name: (synthesize_call(script, folder, name.replace(" ", "-")), k) for name, (script, k) in CALLS.items()}


@pytest.mark.parametrize(("name", "least"), [("two similar voices", 0.97), ("four voices", 0.95)])
def test_the_count_is_exact_and_words_go_to_their_speaker(
    tiny_engine: Any, neural_calls: dict[str, tuple[NeuralCall, int]], name: str, least: float
) -> None:
    call, count = neural_calls[name]
    transcript = tiny_engine.transcribe(call.path, JobOptions(), lambda stage, percent: None)
    assert transcript.speakers == [f"SPEAKER_{i:02d}" for i in range(count)]
    accuracy, mapping = speaker_accuracy([w for s in transcript.segments for w in s.words], call)
    assert sorted(mapping.values()) == sorted({t.speaker for t in call.turns}), mapping
    assert accuracy >= least, (accuracy, mapping)


def test_two_similar_voices_merge_just_above_the_threshold(
    tiny_engine: Any, neural_calls: dict[str, tuple[NeuralCall, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The two similar voices stay apart at the tuned threshold and merge 0.05 above it."""
    call, count = neural_calls["two similar voices"]
    calls = {"similar": (voice_windows(tiny_engine, call.path), count)}
    assert counts(calls) == {"similar": 2}
    monkeypatch.setattr(clustering, "DISTANCE_THRESHOLD", clustering.DISTANCE_THRESHOLD + 0.05)
    assert counts(calls) == {"similar": 1}
