"""Scores of a speaker stage against a realistic call's reference.

- word→speaker accuracy: hypothesis words are aligned to the reference words by text (edit distance, a match also
  needing the two within a few seconds), so a word is judged by who really said it, overlaps included; hypothesis
  labels are mapped one-to-one to real speakers (the mapping that gets most words right), so a voice split in two
  or two voices merged cannot score well.
- DER with pyannote.metrics, overlapped speech scored; ``collar`` is the margin on each side of every reference
  boundary (NIST style: 0.25 means ±0.25 s, pyannote's ``collar=0.5``).
- WER with jiwer after tests/transcript_scoring.py's normalizer, against the turns' texts by start time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from tests.realistic.calls import RealisticCall
from tests.transcript_scoring import normalize
from tests.transcript_scoring import word_error_rate as _wer

_MATCH_WITHIN_S = 3.0  # a hypothesis word matches a reference word only this close in time
_TIE_BREAK = 1e-4  # per second apart: of two equal alignments, the one pairing words closer in time wins


@dataclass(frozen=True)
class RefWord:
    token: str
    time: float  # estimated: a turn's duration shared out by the length of its words
    speaker: str


def reference_words(call: RealisticCall) -> list[RefWord]:
    """Every normalized reference word with an estimated time, in time order."""
    words: list[RefWord] = []
    for turn in call.turns:
        tokens = normalize(turn.text).split()
        weights = np.cumsum([len(t) + 1 for t in tokens], dtype=float)
        starts = np.concatenate([[0.0], weights[:-1]]) / (weights[-1] if len(weights) else 1.0)
        mids = starts + (np.array([len(t) + 1 for t in tokens]) / (weights[-1] or 1.0)) / 2
        span = turn.end - turn.start
        words += [RefWord(tok, turn.start + float(m) * span, turn.speaker) for tok, m in zip(tokens, mids, strict=True)]
    return sorted(words, key=lambda w: w.time)


def word_error_rate(text: str, call: RealisticCall) -> float:
    """WER against the turns' texts in order of their start (a backchannel said over a turn comes after it)."""
    return _wer(" ".join(t.text for t in sorted(call.turns, key=lambda t: t.start)), text)


def word_speaker_accuracy(words: Iterable[Any], call: RealisticCall) -> tuple[float, dict[str, str]]:
    """Share of hypothesis words carrying their real speaker's label, and the label → speaker mapping used."""
    hypothesis = [
        (tok, (_get(w, "start") + _get(w, "end")) / 2, str(_get(w, "speaker")))
        for w in words
        for tok in normalize(str(_get(w, "word"))).split()
    ]
    if not hypothesis:
        return 0.0, {}
    reference = reference_words(call)
    real = _aligned_speakers(hypothesis, reference, call)
    labels = sorted({label for _, _, label in hypothesis if label != "None"})
    speakers = sorted(call.speakers)
    counts = np.zeros((len(labels), len(speakers)))
    for (_, _, label), speaker in zip(hypothesis, real, strict=True):
        if label != "None":
            counts[labels.index(label), speakers.index(speaker)] += 1
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(-counts)
    mapping = {labels[r]: speakers[c] for r, c in zip(rows, cols, strict=True) if counts[r, c] > 0}
    right = sum(mapping.get(label) == speaker for (_, _, label), speaker in zip(hypothesis, real, strict=True))
    return right / len(hypothesis), mapping


def diarization_error_rate(turns: Iterable[tuple[float, float, str]], call: RealisticCall, collar: float) -> float:
    os.environ.setdefault("PYANNOTE_METRICS_ENABLED", "false")
    from pyannote.core import Annotation, Segment, Timeline
    from pyannote.metrics.diarization import DiarizationErrorRate

    reference, hypothesis = Annotation(), Annotation()
    for index, turn in enumerate(call.turns):
        reference[Segment(turn.start, turn.end), index] = turn.speaker
    end = call.duration
    for index, (start, stop, label) in enumerate(turns):
        if stop > start:
            hypothesis[Segment(start, stop), index] = str(label)
            end = max(end, stop)
    uem = Timeline([Segment(0.0, end)])
    metric = DiarizationErrorRate(collar=2 * collar, skip_overlap=False)
    return float(metric(reference, hypothesis, uem=uem))


def overlap_share(call: RealisticCall, rate: int = 100) -> float:
    """Share of speech time (anyone speaking) during which two or more people speak."""
    count = np.zeros(int(call.duration * rate) + 1, int)
    for turn in call.turns:
        count[int(turn.start * rate) : int(turn.end * rate)] += 1
    return float(np.sum(count >= 2)) / max(float(np.sum(count >= 1)), 1.0)


def _aligned_speakers(
    hypothesis: list[tuple[str, float, str]], reference: list[RefWord], call: RealisticCall
) -> list[str]:
    """For each hypothesis word, the speaker of the reference word the alignment pairs it with (an inserted word:
    the speaker of the turn around its time)."""
    n, m = len(hypothesis), len(reference)
    cost = np.zeros((n + 1, m + 1))
    cost[:, 0], cost[0, :] = np.arange(n + 1), np.arange(m + 1)
    ref_tokens = [w.token for w in reference]
    ids = {token: index for index, token in enumerate(dict.fromkeys(ref_tokens))}
    ref_ids, ref_times = np.array([ids[t] for t in ref_tokens]), np.array([w.time for w in reference])
    for i, (token, time, _) in enumerate(hypothesis, start=1):
        distance = np.abs(ref_times - time)
        same = (ref_ids == ids.get(token, -1)) & (distance <= _MATCH_WITHIN_S)
        diagonal = cost[i - 1, :-1] + np.where(same, _TIE_BREAK * distance, 1.0)
        row = np.minimum(diagonal, cost[i - 1, 1:] + 1)
        # insertions along the row (deleting reference words) are a running minimum of cost + index
        shifted = np.concatenate([[cost[i, 0]], row]) - np.arange(m + 1)
        cost[i, 1:] = np.minimum.accumulate(shifted)[1:] + np.arange(1, m + 1)
    out: list[str] = []
    i, j = n, m
    while i > 0:
        token, time, _ = hypothesis[i - 1]
        if j > 0:
            distance = abs(ref_times[j - 1] - time)
            match = ref_tokens[j - 1] == token and distance <= _MATCH_WITHIN_S
            if np.isclose(cost[i, j], cost[i - 1, j - 1] + (_TIE_BREAK * distance if match else 1.0), atol=1e-9):
                out.append(reference[j - 1].speaker)
                i, j = i - 1, j - 1
                continue
            if np.isclose(cost[i, j], cost[i, j - 1] + 1, atol=1e-9):
                j -= 1
                continue
        out.append(_speaker_at(call, time))
        i -= 1
    return out[::-1]


def _speaker_at(call: RealisticCall, time: float) -> str:
    def distance(turn: Any) -> float:
        return 0.0 if turn.start <= time <= turn.end else min(abs(time - turn.start), abs(time - turn.end))

    return min(call.turns, key=distance).speaker


def _get(word: Mapping[str, Any] | Any, name: str) -> Any:
    return word[name] if isinstance(word, Mapping) else getattr(word, name)
