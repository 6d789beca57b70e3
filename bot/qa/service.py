"""Questions about one call (with its stored conversation) and about all of a user's calls.

Only retrieved passages reach the model, chosen to fit the context budget; a long call is searched, never cut.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from bot.qa.answerer import Answer, AnswerError, Excerpt, LLMAnswerer, Turn, quoted_answer
from bot.retrieval.passages import build_passages, quote
from bot.retrieval.retriever import CallIndex
from bot.views.calls_view import citable
from bot.views.speaker_names import SpeakerNames
from database import Call, Database, SearchHit
from database.search_terms import tokens

HISTORY_TURNS = 6  # the last three questions and answers
ACROSS_HITS = 12


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer; ``failure`` says why quotes stand in for a model's answer when the model failed."""

    answer: Answer
    found: bool
    failure: str | None = None


class QuestionService:
    def __init__(self, db: Database, answerer: LLMAnswerer | None, budget_chars: int) -> None:
        self._db, self._answerer, self._budget = db, answerer, budget_chars

    async def aclose(self) -> None:
        if self._answerer is not None:
            await self._answerer.aclose()

    async def ask_call(self, call: Call, question: str, unknown: str) -> Reply:
        """Answer from the call's best passages and the conversation so far; both sides are stored."""
        segments = await self._db.transcripts.segments(call.user_id, call.id)
        names = SpeakerNames.of_speakers(await self._db.transcripts.speakers(call.user_id, call.id), unknown)
        stored = await self._db.chat.history(call.user_id, call.id)
        turns = self._recent_turns(stored)
        budget = max(self._budget - sum(len(t.content) for t in turns), self._budget // 2)
        earlier = [content for role, content in stored if role == "user"]
        ranked = await asyncio.to_thread(
            lambda: CallIndex(build_passages(segments, names)).retrieve(
                question, budget, earlier, in_call_order=False
            )
        )
        best = [Excerpt(tuple(p.text.splitlines())) for p in ranked]
        in_order = [Excerpt(tuple(p.text.splitlines())) for p in sorted(ranked, key=lambda p: p.index)]
        reply = await self._answer(question, in_order, best, turns, call.language)
        if reply.found:
            await self._db.chat.add(call.user_id, call.id, "user", question)
            await self._db.chat.add(call.user_id, call.id, "assistant", reply.answer.text)
        return reply

    async def ask_all(self, user_id: int, question: str, unknown: str) -> Reply:
        """Answer from the best passages of all the user's calls; citations name the call."""
        hits = await self._db.search.segments(user_id, tokens(question), ACROSS_HITS)
        excerpts: list[Excerpt] = []
        used = 0
        for hit in hits:
            lines = await self._lines_around(user_id, hit, unknown)
            cost = sum(len(line) + 1 for line in lines)
            if used + cost > self._budget and excerpts:
                break
            excerpts.append(Excerpt(tuple(lines)))
            used += cost
        return await self._answer(question, excerpts, excerpts, [], None, several_calls=True)

    async def _lines_around(self, user_id: int, hit: SearchHit, unknown: str) -> list[str]:
        names = SpeakerNames.of_speakers(await self._db.transcripts.speakers(user_id, hit.call_id), unknown)
        segments = await self._db.search.around(user_id, hit.call_id, hit.idx)
        title = citable(hit.call_title)
        return [f"[{title} · {quote(s, names)[1:]}" for s in segments]

    def _recent_turns(self, stored: Sequence[tuple[str, str]]) -> list[Turn]:
        turns = [Turn(role, content) for role, content in stored[-HISTORY_TURNS:]]
        while turns and sum(len(t.content) for t in turns) > self._budget // 2:
            turns = turns[2:]  # drop the oldest question and answer, never half a turn
        return turns

    async def _answer(
        self, question: str, excerpts: list[Excerpt], best: list[Excerpt], turns: list[Turn],
        language: str | None, several_calls: bool = False,
    ) -> Reply:  # fmt: skip
        """The model's answer from ``excerpts`` (shown in call order); without one, the ``best`` quotes."""
        if not excerpts:
            return Reply(quoted_answer([]), found=False)
        if self._answerer is None:
            return Reply(quoted_answer(best), found=True)
        try:
            answer = await self._answerer.answer(question, excerpts, turns, language, several_calls)
        except AnswerError as exc:
            return Reply(quoted_answer(best), found=True, failure=str(exc))
        return Reply(answer, found=True)
