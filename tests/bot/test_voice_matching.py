"""How speakers are matched to people by voice: the threshold, the greedy one-name-per-speaker rule, negatives."""

from __future__ import annotations

import numpy as np

from bot.shared.settings import VOICE_MATCH_THRESHOLD
from bot.speakers.voices.matching import (
    ASK_GAP,
    MARGIN,
    Candidate,
    Match,
    match_speakers,
    pack,
    profile_score,
    unpack,
)


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


def test_a_voice_just_below_the_threshold_is_asked_about_and_further_below_stays_unknown() -> None:
    ivan = Candidate(1, [unit(1, 0, 0)])
    asked = match_speakers({"S": unit(1, 0.5, 0)}, [ivan], threshold=0.95)  # cosine 0.894: within ASK_GAP
    assert asked == {"S": Match(1, 0.8944, ask=True)}
    assert match_speakers({"S": unit(1, 0.6, 0)}, [ivan], threshold=0.95) == {}  # 0.857: below 0.95 - ASK_GAP
    assert 0.857 < VOICE_MATCH_THRESHOLD - ASK_GAP < 0.894


def test_two_close_people_are_asked_about_not_named_unless_one_leads_by_the_margin() -> None:
    anna, olga = Candidate(1, [unit(1, 0, 0)]), Candidate(2, [unit(1, 0.25, 0)])  # 0.970 apart, like two close voices
    (close,) = match_speakers({"S": unit(1, 0.1, 0)}, [anna, olga], threshold=0.95).values()
    assert close.person_id == 1 and close.ask  # 0.995 vs 0.989: too close to call
    (clear,) = match_speakers({"S": unit(1, -0.15, 0)}, [anna, olga], threshold=0.95).values()
    assert clear.person_id == 1 and not clear.ask  # 0.989 vs 0.923: Anna leads by more than MARGIN
    assert 0.995 - 0.989 < MARGIN < 0.989 - 0.923
