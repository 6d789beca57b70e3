"""Pick the passages of a call that best answer a question, within a character budget.

Hybrid: stemmed BM25 finds the words of the question, embeddings find what it means in other words; the two
rankings are fused by reciprocal rank (RRF), so a passage high in either comes early.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bot.retrieval.bm25 import Bm25
from bot.retrieval.passages import Passage
from bot.retrieval.vectors import passage_order
from database.search_terms import tokens

FOLLOW_UP_WEIGHT = 0.4  # without a model to rewrite follow-ups, terms of earlier questions help resolve them
RRF_K = 5  # small: the top of each ranking counts much more than its tail
SEMANTIC_DEPTH = 40  # passages of the semantic ranking that take part in the fusion


def fuse(rankings: Sequence[Sequence[int]], k: int = RRF_K) -> list[int]:
    """Reciprocal-rank fusion of several rankings of the same items, best first."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank + 1)
    return sorted(scores, key=lambda item: -scores[item])


class CallIndex:
    """BM25 over one call's passages and, when given, the embedding vectors of the call's segments (one row per
    segment the passages were cut from, in order)."""

    def __init__(self, passages: Sequence[Passage], segment_vectors: np.ndarray | None = None) -> None:
        self.passages = list(passages)
        self._bm25 = Bm25([tokens(p.text) for p in self.passages])
        covered = max((p.first + len(p.segments) for p in self.passages), default=0)
        usable = segment_vectors is not None and segment_vectors.ndim == 2 and segment_vectors.shape[0] == covered
        self._vectors = segment_vectors if usable else None

    @property
    def semantic(self) -> bool:
        return self._vectors is not None

    def ranking(self, question: str, history: Sequence[str] = (), query_vector: np.ndarray | None = None) -> list[int]:
        """Passage indices, best first: BM25 matches fused with the nearest passages by meaning."""
        query: dict[str, float] = {}
        for earlier in history[-2:]:
            for term in tokens(earlier):
                query[term] = max(query.get(term, 0.0), FOLLOW_UP_WEIGHT)
        for term in tokens(question):
            query[term] = 1.0
        scores = self._bm25.scores(query)
        lexical = sorted((i for i, s in enumerate(scores) if s > 0), key=lambda i: -scores[i])
        if self._vectors is None or query_vector is None:
            return lexical
        return fuse([lexical, passage_order(self._vectors, self.passages, query_vector)[:SEMANTIC_DEPTH]])

    def retrieve(
        self,
        question: str,
        budget_chars: int,
        history: Sequence[str] = (),
        in_call_order: bool = True,
        query_vector: np.ndarray | None = None,
    ) -> list[Passage]:
        """Best passages until the budget is used, in call order (or best first); empty when nothing matches."""
        chosen = within_budget([self.passages[i] for i in self.ranking(question, history, query_vector)], budget_chars)
        return sorted(chosen, key=lambda p: p.index) if in_call_order else chosen


def within_budget(ranked: Sequence[Passage], budget_chars: int) -> list[Passage]:
    """The leading passages whose quoted text fits ``budget_chars`` (at least the first, when there is one)."""
    chosen: list[Passage] = []
    used = 0
    for passage in ranked:
        cost = len(passage.text) + 1
        if used + cost > budget_chars and chosen:
            break
        chosen.append(passage)
        used += cost
    return chosen
