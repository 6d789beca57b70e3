"""A call's chapters and the speakers' sentiment over time: from the language model when one is configured (kept
in ``call_insights`` until the transcript changes), otherwise — or when the model fails — computed offline; the
result says which."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from bot.analytics.chapters import Chapter, offline_chapters
from bot.analytics.model_insights import Line, ModelChapter, ModelInsights
from bot.analytics.sentiment import SentimentPoint, sentiment_series
from bot.shared.errors import InsightsError
from database import Call, Database, Segment

log = logging.getLogger(__name__)


@dataclass
class Insights:
    chapters: list[Chapter]
    sentiment: list[SentimentPoint]
    method: str  # "model" (the language model) or "offline" (pauses and keywords; a word list)
    model: str | None = None
    failure: str | None = None  # why the model's answer is not shown, when it failed

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def offline_insights(segments: Sequence[Segment], duration: float, failure: str | None = None) -> Insights:
    return Insights(
        offline_chapters(segments, duration), sentiment_series(segments, duration), "offline", failure=failure
    )


def from_model(chapters: Sequence[ModelChapter], duration: float, model: str) -> Insights:
    """The model's chapters with ends (the next chapter's start, the call's end), and one sentiment point per
    speaker and chapter."""
    ends = [c.start for c in chapters[1:]] + [max(duration, chapters[-1].start)]
    shaped = [Chapter(c.start, end, c.title, ()) for c, end in zip(chapters, ends, strict=True)]
    points = [
        SentimentPoint(label, c.start, end, round(score, 3), 0)
        for c, end in zip(chapters, ends, strict=True)
        for label, score in sorted(c.sentiment.items())
    ]
    return Insights(shaped, points, "model", model=model)


def _lines(segments: Sequence[Segment]) -> list[Line]:
    return [Line(s.start, s.speaker or "?", s.text) for s in segments if s.text.strip()]


def _stored(content: str, model: str) -> Insights:
    data = json.loads(content)
    chapters = [ModelChapter(c["start"], c["title"], dict(c.get("sentiment") or {})) for c in data["chapters"]]
    return from_model(chapters, float(data["duration"]), model)


class CallInsights:
    def __init__(self, db: Database, model: ModelInsights | None) -> None:
        self.db, self.model = db, model
        self._running: dict[int, asyncio.Task[Insights]] = {}

    async def aclose(self) -> None:
        for task in self._running.values():
            task.cancel()
        if self.model is not None:
            await self.model.aclose()

    async def of(self, call: Call, segments: Sequence[Segment]) -> Insights:
        """The call's insights; one model request at a time per call (a second page waits for the first)."""
        duration = max([call.duration or 0.0, *(s.end for s in segments)])
        if self.model is None or not segments:
            return offline_insights(segments, duration)
        stored = await self.db.insights.get(call.user_id, call.id)
        if stored is not None and stored.model == self.model.model:
            return _stored(stored.content, stored.model)
        task = self._running.get(call.id)
        if task is None:
            task = asyncio.create_task(self._ask(call, segments, duration, self.model))
            self._running[call.id] = task
            task.add_done_callback(lambda _: self._running.pop(call.id, None))
        return await asyncio.shield(task)

    async def _ask(self, call: Call, segments: Sequence[Segment], duration: float, model: ModelInsights) -> Insights:
        try:
            chapters = await model.chapters(_lines(segments))
        except InsightsError as exc:
            log.warning("no chapters from the language model for call %s: %s", call.id, exc)
            return offline_insights(segments, duration, failure=str(exc))
        content = {"duration": duration, "chapters": [asdict(c) for c in chapters]}
        await self.db.insights.save(call.user_id, call.id, model.model, json.dumps(content, ensure_ascii=False))
        return from_model(chapters, duration, model.model)
