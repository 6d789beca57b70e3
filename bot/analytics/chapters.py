"""Chapters of a call without a model: cut at the pauses where the vocabulary changes most, named by keywords.

Every gap between two segments is a candidate cut, scored by its length (relative to the longest gap) plus how
different the words of the minute before and the minute after it are (1 − cosine of their stemmed word counts).
The best cuts are taken greedily, none nearer than a minimum chapter length to another or to the call's ends;
a call gets about one chapter per four minutes, at most eight. A chapter is named by its three most
characteristic words (frequent in it, rare in the others).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from database import Segment
from database.search_terms import STOP_WORDS, stem

CHAPTER_S = 240.0  # about one chapter per this long
MAX_CHAPTERS = 8
CONTEXT_S = 60.0  # the words compared on each side of a cut
KEYWORDS = 3
_MIN_WORD = 4  # shorter words rarely name a topic


@dataclass(frozen=True, slots=True)
class Chapter:
    start: float
    end: float
    title: str
    keywords: tuple[str, ...]


def _bag(segments: Sequence[Segment]) -> Counter[str]:
    words = (w.strip(".,!?;:…\"'«»()").lower().replace("ё", "е") for s in segments for w in s.text.split())
    return Counter(stem(w) for w in words if len(w) >= _MIN_WORD and w.isalpha() and w not in STOP_WORDS)


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(v * b[k] for k, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _cut_scores(segments: Sequence[Segment]) -> list[tuple[float, int]]:
    """``(score, i)`` for a cut before segment ``i``, best first."""
    gaps = [max(0.0, segments[i].start - segments[i - 1].end) for i in range(1, len(segments))]
    longest = max(gaps, default=0.0) or 1.0
    scored = []
    for i in range(1, len(segments)):
        at = segments[i].start
        before = _bag([s for s in segments[:i] if s.start >= at - CONTEXT_S])
        after = _bag([s for s in segments[i:] if s.start < at + CONTEXT_S])
        scored.append((gaps[i - 1] / longest + 1.0 - _cosine(before, after), i))
    return sorted(scored, key=lambda item: (-item[0], item[1]))


def _cuts(segments: Sequence[Segment], start: float, end: float) -> list[int]:
    wanted = min(MAX_CHAPTERS, max(1, round((end - start) / CHAPTER_S))) - 1
    least = (end - start) / (wanted + 2) if wanted else 0.0
    chosen: list[int] = []
    for _, i in _cut_scores(segments):
        if len(chosen) >= wanted:
            break
        at = segments[i].start
        if at - start >= least and end - at >= least and all(abs(at - segments[j].start) >= least for j in chosen):
            chosen.append(i)
    return sorted(chosen)


def _keywords(parts: list[Counter[str]], surface: dict[str, Counter[str]]) -> list[tuple[str, ...]]:
    found = []
    for bag in parts:
        spread = {k: sum(1 for p in parts if k in p) for k in bag}  # in how many chapters a word occurs
        weight = {k: (1 + math.log(v)) * math.log(1 + len(parts) / spread[k]) for k, v in bag.items()}
        best = sorted(weight, key=lambda k: (-weight[k], k))[:KEYWORDS]
        found.append(tuple(surface[k].most_common(1)[0][0] for k in best))
    return found


def _surface_forms(segments: Sequence[Segment]) -> dict[str, Counter[str]]:
    forms: dict[str, Counter[str]] = {}
    for segment in segments:
        for raw in segment.text.split():
            word = raw.strip(".,!?;:…\"'«»()").lower().replace("ё", "е")
            if len(word) >= _MIN_WORD and word.isalpha() and word not in STOP_WORDS:
                forms.setdefault(stem(word), Counter())[word] += 1
    return forms


def offline_chapters(segments: Sequence[Segment], duration: float | None = None) -> list[Chapter]:
    """The call's chapters in order, covering it from its first segment to its end."""
    spoken = sorted((s for s in segments if s.text.strip()), key=lambda s: s.start)
    if not spoken:
        return []
    start, end = spoken[0].start, max(duration or 0.0, spoken[-1].end)
    bounds = [0, *_cuts(spoken, start, end), len(spoken)]
    parts = [spoken[a:b] for a, b in itertools.pairwise(bounds)]
    names = _keywords([_bag(p) for p in parts], _surface_forms(spoken))
    starts = [start, *(p[0].start for p in parts[1:])]
    ends = [*starts[1:], end]
    return [Chapter(a, b, ", ".join(k), k) for a, b, k in zip(starts, ends, names, strict=True)]
