"""Pick the passages of a call that best answer a question, within a character budget."""

from __future__ import annotations

from collections.abc import Sequence

from bot.retrieval.bm25 import Bm25
from bot.retrieval.passages import Passage
from database.search_terms import tokens

FOLLOW_UP_WEIGHT = 0.4  # terms of earlier questions help resolve "and who owns it?"


class CallIndex:
    """BM25 over one call's passages; built once per call and question session."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = list(passages)
        self._bm25 = Bm25([tokens(p.text) for p in self.passages])

    def retrieve(
        self, question: str, budget_chars: int, history: Sequence[str] = (), in_call_order: bool = True
    ) -> list[Passage]:
        """Best passages until the budget is used, in call order (or best first); empty when nothing matches."""
        query: dict[str, float] = {}
        for earlier in history[-2:]:
            for term in tokens(earlier):
                query[term] = max(query.get(term, 0.0), FOLLOW_UP_WEIGHT)
        for term in tokens(question):
            query[term] = 1.0
        scores = self._bm25.scores(query)
        ranked = sorted((i for i, s in enumerate(scores) if s > 0), key=lambda i: -scores[i])
        chosen: list[Passage] = []
        used = 0
        for index in ranked:
            cost = len(self.passages[index].text) + 1
            if used + cost > budget_chars and chosen:
                break
            chosen.append(self.passages[index])
            used += cost
        return sorted(chosen, key=lambda p: p.index) if in_call_order else chosen
