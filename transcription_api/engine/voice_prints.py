"""Speaker embeddings a client may ask for (``speaker_embeddings=true``): one unit voice print per speaker.

A print is the mean of the speaker's clean voice windows, L2-normalized: windows that clustering gave that speaker,
that hold a single voice (diarize.stable_windows: no change of voice or overlap inside them) and whose centre lies
at least CHANGE_MARGIN_S from any change of speaker. At most MAX_WINDOWS of them (evenly spread over the recording)
are averaged, so a long call costs no more than about two minutes of speech. A speaker with no clean window gets
the mean of all their windows.

Each print also says what it was made from (:class:`VoicePrint`): the seconds of clean speech its windows cover and
how many windows that was (0 and 0 for a print made from unclean windows). The result reports them under ``speech``
so that a client does not name anyone from a print made from a second or two of a voice.
"""

from __future__ import annotations

import itertools
from importlib import metadata
from typing import Any, cast

import numpy as np

from transcription_api.engine.types import SpeakerTurn

MODEL = "resemblyzer"
MAX_WINDOWS = 300  # windows are 0.4 s apart: about two minutes of speech
CHANGE_MARGIN_S = 1.2  # half a window (0.8 s) plus 0.4 s: no window that reaches across a change
WINDOW_S = 1.6  # the span of one window (diarize.WINDOW_FRAMES of 10 ms)


class VoicePrint(np.ndarray[Any, np.dtype[np.float32]]):
    """A unit voice print (one vector) that carries ``seconds`` of clean speech and the ``windows`` it was made
    from; an array, so that whatever passes prints around keeps these along."""

    seconds: float = 0.0
    windows: int = 0

    def __array_finalize__(self, source: object) -> None:
        self.seconds = float(getattr(source, "seconds", 0.0))
        self.windows = int(getattr(source, "windows", 0))


def voice_prints(
    centers: np.ndarray, embeddings: np.ndarray, stable: np.ndarray, labels: np.ndarray, turns: list[SpeakerTurn]
) -> dict[int, VoicePrint]:
    """The unit voice print of each cluster label, from its clean windows."""
    near_change = _near_changes(centers, turns)
    prints = {}
    for label in np.unique(labels):
        own = labels == label
        clean = own & stable & ~near_change
        chosen = _spread(np.flatnonzero(clean if clean.any() else own), MAX_WINDOWS)
        mean = np.asarray(embeddings[chosen], np.float32).mean(axis=0)
        made = cast(VoicePrint, (mean / (float(np.linalg.norm(mean)) or 1.0)).view(VoicePrint))
        if clean.any():
            made.seconds, made.windows = covered_seconds(centers[chosen]), len(chosen)
        prints[int(label)] = made
    return prints


def covered_seconds(centers: np.ndarray) -> float:
    """Seconds of the recording that windows centred at ``centers`` cover together (overlaps counted once)."""
    total, reached = 0.0, -np.inf
    for center in np.sort(np.asarray(centers, dtype=np.float64)):
        start, end = center - WINDOW_S / 2, center + WINDOW_S / 2
        total += end - max(start, reached)
        reached = end
    return round(float(total), 2)


def describe(prints: dict[str, np.ndarray]) -> dict[str, Any]:
    """The result's ``speaker_embeddings``: the model that made them, one vector per speaker label and, under
    ``speech``, how much clean speech each was made from (for prints that say)."""
    dimensions = len(next(iter(prints.values()))) if prints else 0
    vectors = {speaker: [round(float(x), 6) for x in vector] for speaker, vector in prints.items()}
    speech = {
        speaker: {"seconds": round(vector.seconds, 1), "windows": vector.windows}
        for speaker, vector in prints.items()
        if isinstance(vector, VoicePrint)
    }
    described = {"model": MODEL, "version": _version(), "dimensions": dimensions, "speakers": vectors}
    return described | ({"speech": speech} if speech else {})


def _near_changes(centers: np.ndarray, turns: list[SpeakerTurn]) -> np.ndarray:
    cuts = np.asarray([a.end for a, b in itertools.pairwise(turns) if a.speaker != b.speaker])
    if not len(cuts) or not len(centers):
        return np.zeros(len(centers), dtype=bool)
    return _distance_to_nearest(centers, np.sort(cuts)) < CHANGE_MARGIN_S


def _distance_to_nearest(points: np.ndarray, sorted_cuts: np.ndarray) -> np.ndarray:
    """Distance of each point to the nearest cut."""
    right = np.clip(np.searchsorted(sorted_cuts, points), 0, len(sorted_cuts) - 1)
    left = np.clip(right - 1, 0, len(sorted_cuts) - 1)
    return np.minimum(np.abs(points - sorted_cuts[left]), np.abs(points - sorted_cuts[right]))


def _spread(indices: np.ndarray, limit: int) -> np.ndarray:
    if len(indices) <= limit:
        return indices
    return indices[np.linspace(0, len(indices) - 1, limit).round().astype(int)]


def _version() -> str:
    try:
        return metadata.version("resemblyzer")
    except metadata.PackageNotFoundError:
        return "unknown"
