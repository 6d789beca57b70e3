"""Chapters of a call and each speaker's sentiment in every chapter, from a language model.

The transcript goes to the model fenced as data, a call longer than the context budget in parts (each part's
chapters are its own; nothing is cut). Speakers are shown as ``S1``, ``S2``… so the answer maps back to them
whatever their names; a chapter's start is snapped to the nearest line of its part, scores are clamped to −1…+1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.llm.answer_json import json_in
from bot.llm.fence import data_rule
from bot.llm.speaker_lines import SpokenLine as Line
from bot.llm.transcript_pass import TranscriptPass
from bot.shared.errors import InsightsError

TITLE_CHARS = 80
_STAMP = re.compile(r"^\[?(\d{1,4}):([0-5]\d)\]?$")
SYSTEM = (
    "You find the chapters of a recorded call and how each speaker feels in each. " + data_rule() + " Answer "
    'with JSON only: {"chapters": [{"start": "mm:ss", "title": "...", "sentiment": {"S1": 0.5, "S2": -0.2}}]}. '
    "Chapters follow the excerpt in order, one per topic (one to six), the first starting at its first line; "
    "each start is the [mm:ss] of the line where the topic begins. Titles have three to six words, in the "
    "language of the call. Sentiment is a number from -1 (negative: upset, worried, disagreeing) through 0 "
    "(neutral) to 1 (positive: pleased, agreeing), only for the speakers who speak in that chapter."
)


@dataclass(frozen=True)
class ModelChapter:
    start: float
    title: str
    sentiment: dict[str, float] = field(default_factory=dict)  # speaker label → −1 … +1


class ModelInsights(TranscriptPass):
    system = SYSTEM
    output_tokens = 800
    temperature = 0.1
    error = InsightsError

    async def chapters(self, lines: Sequence[Line]) -> list[ModelChapter]:
        """The chapters of the call in order; :class:`InsightsError` when the model fails or answers nonsense."""
        found = [parse_chapters(a.text, a.lines, a.labels) for a in await self.answers(lines)]
        chapters = sorted((c for chunk in found for c in chunk), key=lambda c: c.start)
        if not chapters:
            raise InsightsError("the language model found no chapters")
        return chapters


def _seconds(stamp: Any) -> float | None:
    match = _STAMP.match(str(stamp).strip())
    return int(match.group(1)) * 60 + int(match.group(2)) if match else None


def _scores(raw: Any, labels: dict[str, str]) -> dict[str, float]:
    if not isinstance(raw, dict):
        return {}
    scores = {}
    for key, value in raw.items():
        if str(key) in labels and isinstance(value, int | float) and not isinstance(value, bool):
            scores[labels[str(key)]] = float(max(-1.0, min(1.0, value)))  # clamped first: float(10**400) overflows
    return scores


def parse_chapters(answer: str, part: Sequence[Line], labels: dict[str, str]) -> list[ModelChapter]:
    """The chapters of one part from the model's answer; starts snap to the part's nearest line."""
    data = json_in(answer)
    items = data.get("chapters") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InsightsError("the language model did not answer with chapters")
    found: dict[float, ModelChapter] = {}
    for item in items:
        if not isinstance(item, dict) or not str(item.get("title") or "").strip():
            continue
        at = _seconds(item.get("start"))
        start = part[0].start if at is None else min(part, key=lambda line: abs(line.start - at)).start
        title = " ".join(str(item["title"]).split())[:TITLE_CHARS]
        found.setdefault(start, ModelChapter(start, title, _scores(item.get("sentiment"), labels)))
    first = min(found, default=part[0].start)
    if first != part[0].start:  # the part's opening lines belong to its first chapter
        chapter = found.pop(first)
        found[part[0].start] = ModelChapter(part[0].start, chapter.title, chapter.sentiment)
    return sorted(found.values(), key=lambda c: c.start)
