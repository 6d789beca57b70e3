"""Okapi BM25 ranking over a fixed set of documents (token lists)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence


class Bm25:
    """Scores documents against weighted query terms."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.4, b: float = 0.75) -> None:
        self._k1, self._b = k1, b
        self._counts = [Counter(doc) for doc in documents]
        self._lengths = [len(doc) for doc in documents]
        self._average = (sum(self._lengths) / len(self._lengths)) if self._lengths else 0.0
        frequency: Counter[str] = Counter()
        for counts in self._counts:
            frequency.update(counts.keys())
        total = len(documents)
        self._idf = {term: math.log(1 + (total - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}

    def scores(self, query: Mapping[str, float]) -> list[float]:
        """One score per document; ``query`` maps a term to its weight."""
        out = []
        for counts, length in zip(self._counts, self._lengths, strict=True):
            norm = self._k1 * (1 - self._b + self._b * length / (self._average or 1.0))
            score = 0.0
            for term, weight in query.items():
                tf = counts.get(term)
                if tf:
                    score += weight * self._idf[term] * tf * (self._k1 + 1) / (tf + norm)
            out.append(score)
        return out
