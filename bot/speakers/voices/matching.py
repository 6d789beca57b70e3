"""How a speaker's voice print is compared with a person's profile (the calibration benchmark uses the same).

A print is a unit vector (cosine = dot product). A speaker's score for a person is the best cosine to that person's
positive prints. ``benchmarks/voice_profiles.py`` calibrates on calls heard clean, through a telephone line, a
telephone line from a street (10 dB SNR) and a laptop microphone in a room: different voices through one telephone
line score high against each other, so the person is *named* only at the threshold (``BOT_VOICE_MATCH_THRESHOLD``,
0.95: at most 1% false accepts in every channel) and a speaker within ``ASK_GAP`` below it is *asked about*
("may be Ivan?"), never named silently; a yes adds the print to the profile, so a person heard on several channels
is recognised on each. Two people whose voices the encoder finds close are not named for each other: a speaker is
named only when the best person leads the second-best by ``MARGIN``, else asked about. A speaker at least as close
to one of the person's negatives (voices the user said are not them) as the threshold is asked about too. A print
made from less than ``MIN_SPEECH_S`` of clean speech names nobody and teaches nothing. Each person goes to at most
one speaker of a call: pairs are taken greedily, best score first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

MARGIN = 0.03  # over the second-best person
MIN_SPEECH_S = 2.0  # seconds of clean speech a print must be made from
ASK_GAP = 0.07  # a voice this little below the threshold is asked about, not named


@dataclass(frozen=True, slots=True)
class Candidate:
    """A person a speaker's voice may belong to, with their prints (unit vectors)."""

    person_id: int
    positives: Sequence[np.ndarray]
    negatives: Sequence[np.ndarray] = ()


@dataclass(frozen=True, slots=True)
class Match:
    person_id: int
    score: float
    ask: bool  # below the threshold, too close to another person, or like a rejected voice: ask, do not name


def unpack(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4").astype(np.float64)


def pack(vector: Iterable[float]) -> bytes:
    unit = np.asarray(list(vector), dtype=np.float64)
    unit = unit / (float(np.linalg.norm(unit)) or 1.0)
    return unit.astype("<f4").tobytes()


def profile_score(voice: np.ndarray, prints: Sequence[np.ndarray]) -> float:
    """The best cosine between ``voice`` and any of ``prints`` (-1 when there are none)."""
    return max((float(voice @ p) for p in prints), default=-1.0)


def enough_speech(seconds: float | None, minimum: float = MIN_SPEECH_S) -> bool:
    """Whether a print made from ``seconds`` of clean speech may name or teach (None: the service did not say)."""
    return seconds is None or seconds >= minimum


def match_speakers(
    voices: Mapping[str, np.ndarray],
    candidates: Sequence[Candidate],
    threshold: float,
    margin: float = MARGIN,
    ask_gap: float = ASK_GAP,
) -> dict[str, Match]:
    """Speaker label → the person recognised (named) or likely (asked about), each person and each speaker at most
    once."""
    scores = {
        (label, c.person_id): profile_score(voice, c.positives) for label, voice in voices.items() for c in candidates
    }
    matched: dict[str, Match] = {}
    taken: set[int] = set()
    for (label, person), score in sorted(scores.items(), key=lambda item: -item[1]):
        if score < threshold - ask_gap or label in matched or person in taken:
            continue
        runner_up = max((s for (other, p), s in scores.items() if other == label and p != person), default=-1.0)
        candidate = next(c for c in candidates if c.person_id == person)
        rejected = profile_score(voices[label], candidate.negatives) >= threshold
        unsure = score < threshold or score - runner_up < margin
        matched[label] = Match(person, round(score, 4), rejected or unsure)
        taken.add(person)
    return matched
