"""Citations in summaries: every item ends with the ``[mm:ss]`` of a line the transcript really has.

A stamp the transcript lacks is removed; an item left without one gets the stamp of the transcript line that
shares most of its words (BM25), and an item no line supports is dropped: a summary item without a real
citation cannot exist.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.retrieval.bm25 import Bm25
from bot.summaries.summary import ActionItem, Section, Summary
from database.search_terms import tokens

STAMP = re.compile(r"\[(\d{1,4}:\d{2})(?:\s*·[^\[\]]*)?\]")  # [mm:ss] or [mm:ss · Speaker]
LINE_STAMP = re.compile(r"^\[(\d{1,4}:\d{2})\]")  # a transcript line: [mm:ss] Speaker: text


class CitationChecker:
    """Checks and completes the citations of summary items against the transcript lines of one call."""

    def __init__(self, lines: Sequence[str]) -> None:
        self._stamps = [m.group(1) if (m := LINE_STAMP.match(line)) else "" for line in lines]
        self._known = set(self._stamps) - {""}
        self._terms = [tokens(line.split(": ", 1)[-1]) for line in lines]
        self._bm25 = Bm25(self._terms)

    @property
    def known(self) -> set[str]:
        return self._known

    def cite(self, item: str) -> str | None:
        """``item`` ending with its real stamps, or ``None`` when no line of the transcript supports it."""
        text = " ".join(STAMP.sub(" ", item).split()).rstrip(" ,;")
        stamps = list(dict.fromkeys(m.group(1) for m in STAMP.finditer(item) if m.group(1) in self._known))
        if not stamps and (found := self._best_line(text)) is not None:
            stamps = [found]
        if not text or not stamps:
            return None
        return f"{text} " + " ".join(f"[{s}]" for s in stamps)

    def _best_line(self, text: str) -> str | None:
        terms = set(tokens(text))
        if not terms:
            return None
        scores = self._bm25.scores(dict.fromkeys(terms, 1.0))
        best = max(range(len(scores)), key=lambda i: scores[i], default=None)
        if best is None or scores[best] <= 0 or len(terms & set(self._terms[best])) < min(2, len(terms)):
            return None
        return self._stamps[best] or None

    def items(self, items: Sequence[str]) -> list[str]:
        return [cited for item in items if (cited := self.cite(item)) is not None]

    def summary(self, summary: Summary) -> Summary:
        """Every key point, decision, action item, open question and template item with a real citation."""
        actions = [
            ActionItem(task=task, owner=a.owner, due=a.due)
            for a in summary.action_items
            if (task := self.cite(a.task)) is not None
        ]
        return summary.model_copy(
            update={
                "key_points": self.items(summary.key_points),
                "decisions": self.items(summary.decisions),
                "open_questions": self.items(summary.open_questions),
                "action_items": actions,
                "sections": [Section(key=s.key, items=self.items(s.items)) for s in summary.sections],
            }
        )
