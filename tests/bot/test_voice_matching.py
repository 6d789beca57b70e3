"""How speakers are matched to people by voice: the threshold, the greedy one-name-per-speaker rule, negatives."""

from __future__ import annotations

import numpy as np

from bot.voices.matching import Candidate, match_speakers, pack, profile_score, unpack


def unit(*values: float) -> np.ndarray:
    vector = np.asarray(values, dtype=np.float64)
    return vector / np.linalg.norm(vector)


def test_prints_round_trip_as_unit_float32() -> None:
    again = unpack(pack([3.0, 4.0]))
    assert np.allclose(again, [0.6, 0.8]) and len(pack([3.0, 4.0])) == 8


def test_two_speakers_never_get_the_same_person_and_the_best_pair_wins() -> None:
    ivan = Candidate(1, [unit(1, 0, 0)])
    maria = Candidate(2, [unit(0, 1, 0)])
    voices = {"SPEAKER_00": unit(0.9, 0.1, 0), "SPEAKER_01": unit(1, 0.02, 0), "SPEAKER_02": unit(0, 0, 1)}
    found = match_speakers(voices, [ivan, maria], threshold=0.8)
    assert {label: m.person_id for label, m in found.items()} == {"SPEAKER_01": 1}  # the closer of two Ivans
    assert not found["SPEAKER_01"].ask


def test_below_the_threshold_a_voice_stays_unknown() -> None:
    assert match_speakers({"SPEAKER_00": unit(1, 1, 0)}, [Candidate(1, [unit(1, 0, 0)])], threshold=0.8) == {}
    assert profile_score(unit(1, 0, 0), []) == -1.0


def test_a_voice_like_a_rejected_one_is_asked_about_not_named() -> None:
    rejected = unit(1, 0.05, 0)
    ivan = Candidate(1, [unit(1, 0, 0)], negatives=[rejected])
    (match,) = match_speakers({"SPEAKER_00": unit(1, 0.04, 0)}, [ivan], threshold=0.8).values()
    assert match.person_id == 1 and match.ask
    (other,) = match_speakers({"SPEAKER_00": unit(1, -0.9, 0)}, [ivan], threshold=0.72).values()
    assert not other.ask  # a different voice than the rejected one is still recognised
