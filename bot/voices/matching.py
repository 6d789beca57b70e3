"""How a speaker's voice print is compared with a person's profile (the calibration benchmark uses the same).

A print is a unit vector (cosine = dot product). A speaker's score for a person is the best cosine to that person's
positive prints; the person is recognised when the score reaches the threshold, calibrated by
``benchmarks/voice_profiles.py`` (``BOT_VOICE_MATCH_THRESHOLD``). A speaker at least as close to one of the
person's negatives (voices the user said are not them) as the threshold is asked about, never named silently.
Each person goes to at most one speaker of a call: pairs are taken greedily, best score first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_THRESHOLD = 0.86


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
    ask: bool  # like a voice the user said is not this person: ask, do not name


def unpack(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4").astype(np.float64)


def pack(vector: Iterable[float]) -> bytes:
    unit = np.asarray(list(vector), dtype=np.float64)
    unit = unit / (float(np.linalg.norm(unit)) or 1.0)
    return unit.astype("<f4").tobytes()


def profile_score(voice: np.ndarray, prints: Sequence[np.ndarray]) -> float:
    """The best cosine between ``voice`` and any of ``prints`` (-1 when there are none)."""
    return max((float(voice @ p) for p in prints), default=-1.0)


def match_speakers(
    voices: Mapping[str, np.ndarray], candidates: Sequence[Candidate], threshold: float
) -> dict[str, Match]:
    """Speaker label → the person recognised, each person and each speaker at most once."""
    pairs = [
        (profile_score(voice, c.positives), label, c)
        for label, voice in voices.items()
        for c in candidates
    ]
    matched: dict[str, Match] = {}
    taken: set[int] = set()
    for score, label, candidate in sorted(pairs, key=lambda p: -p[0]):
        if score < threshold or label in matched or candidate.person_id in taken:
            continue
        ask = profile_score(voices[label], candidate.negatives) >= threshold
        matched[label] = Match(candidate.person_id, round(score, 4), ask)
        taken.add(candidate.person_id)
    return matched
