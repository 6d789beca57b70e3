"""Questions about one call (with its stored conversation) and about all of a user's calls (/ask, with its own).

Follow-ups are rewritten into standalone questions by the model before retrieval; questions about the whole call
are recognized and get the whole transcript, or the summary and notes. Without a model a whole-call question
gets the extractive summary and any other question the best quotes, each labelled as such.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.questions.across_calls import across_material
from bot.questions.answerer import Answer, AnswerError, Excerpt, LLMAnswerer, Material, Turn, quoted_answer
from bot.questions.call_material import Query, call_material
from bot.questions.question_kind import is_whole_call
from bot.retrieval.call_vectors import CallVectors
from bot.retrieval.passages import build_passages
from bot.retrieval.retriever import CallIndex
from bot.shared.speaker_names import SpeakerNames
from bot.summaries.extractive import extractive_summary
from bot.summaries.summary import Summary
from database import Call, Database, Segment, Speaker

HISTORY_TURNS = 6  # the last three questions and answers


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer and how it was made: by the model, as quotes, or as the extractive summary; ``failure`` says why
    quotes or the extractive summary stand in for a model's answer when the model failed."""

    answer: Answer
    found: bool
    failure: str | None = None
    mode: Literal["llm", "quotes", "extractive"] = "llm"


class QuestionService:
    def __init__(
        self, db: Database, answerer: LLMAnswerer | None, budget_chars: int, vectors: CallVectors | None = None
    ) -> None:
        self._db, self._answerer, self._budget = db, answerer, budget_chars
        self._vectors = vectors or CallVectors(db, None)

    async def aclose(self) -> None:
        if self._answerer is not None:
            await self._answerer.aclose()
        await self._vectors.aclose()

    async def ask_call(self, call: Call, question: str, unknown: str, remember: bool = True) -> Reply:
        """Answer about one call; both sides are stored for the follow-ups. ``remember=False`` (a reader of a shared
        call): the call's stored conversation, its owner's, is neither shown to the model nor added to."""
        segments = await self._db.transcripts.segments(call.user_id, call.id)
        if not segments:
            return Reply(quoted_answer([]), found=False)
        speakers = await self._db.transcripts.speakers(call.user_id, call.id)
        stored = await self._db.chat.history(call.user_id, call.id) if remember else []
        turns = self._recent_turns(stored)
        query = await self._query(question, turns, [c for role, c in stored if role == "user"])
        if query.whole_call and self._answerer is None:
            return self._extractive(segments, speakers, call.language, None, unknown)
        names = SpeakerNames.of_speakers(speakers, unknown)
        passages = build_passages(segments, names)
        vectors = await self._vectors.segments(call, segments) if query.vector is not None else None
        found = await self._stored_summary(call)
        budget = max(self._budget - sum(len(t.content) for t in turns), self._budget // 2)
        made = await asyncio.to_thread(
            lambda: call_material(segments, names, CallIndex(passages, vectors), query, budget, *found)
        )
        reply = await self._answer(question, made.material, made.best, turns, call.language)
        if reply.failure and query.whole_call:
            reply = self._extractive(segments, speakers, call.language, reply.failure, unknown)
        if reply.found and remember:
            await self._db.chat.add(call.user_id, call.id, "user", question)
            await self._db.chat.add(call.user_id, call.id, "assistant", reply.answer.text)
        return reply

    async def ask_all(self, user_id: int, question: str, unknown: str) -> Reply:
        """Answer from the best passages of all the user's calls; citations name the call."""
        turns = self._recent_turns(await self._db.chat.history_across(user_id))
        query = await self._query(question, turns, [])
        semantic = query.vector is not None
        material, best = await across_material(self._db, self._vectors, user_id, query, self._budget, unknown, semantic)
        reply = await self._answer(question, material, best, turns, None, several_calls=True)
        if reply.found:
            await self._db.chat.add_across(user_id, "user", question)
            await self._db.chat.add_across(user_id, "assistant", reply.answer.text)
        return reply

    async def _query(self, question: str, turns: Sequence[Turn], earlier: Sequence[str]) -> Query:
        """The question as retrieval sees it: rewritten to stand alone when it follows earlier ones."""
        text, kept_earlier = question, tuple(earlier[-2:])
        if self._answerer is not None and turns:
            with contextlib.suppress(AnswerError):  # else retrieval weighs the earlier questions' words instead
                text, kept_earlier = await self._answerer.standalone(question, turns), ()
        vector = await self._vectors.query(text) if self._answerer is not None else None
        return Query(text, kept_earlier, vector, is_whole_call(question) or is_whole_call(text))

    async def _stored_summary(self, call: Call) -> tuple[Summary | None, list[str]]:
        stored = await self._db.summaries.get(call.user_id, call.id)
        summary = Summary.model_validate_json(stored.content) if stored else None
        return summary, await self._db.summaries.notes(call.user_id, call.id)

    def _recent_turns(self, stored: Sequence[tuple[str, str]]) -> list[Turn]:
        turns = [Turn(role, content) for role, content in stored[-HISTORY_TURNS:]]
        while turns and sum(len(t.content) for t in turns) > self._budget // 2:
            turns = turns[2:]  # drop the oldest question and answer, never half a turn
        return turns

    async def _answer(
        self,
        question: str,
        material: Material,
        best: list[Excerpt],
        turns: list[Turn],
        language: str | None,
        several_calls: bool = False,
    ) -> Reply:
        """The model's answer from ``material``; without one, the ``best`` quotes."""
        if self._answerer is None:
            return Reply(quoted_answer(best), found=bool(best), mode="quotes")
        if not material.text.strip():
            return Reply(quoted_answer([]), found=False)
        try:
            answer = await self._answerer.answer(question, material, turns, language, several_calls)
        except AnswerError as exc:
            return Reply(quoted_answer(best), found=bool(best), failure=str(exc), mode="quotes")
        return Reply(answer, found=True)

    @staticmethod
    def _extractive(
        segments: Sequence[Segment], speakers: Sequence[Speaker], language: str | None, failure: str | None, word: str
    ) -> Reply:
        lines = extractive_summary(segments, speakers, language, word=word).key_points
        text = "\n".join(lines)
        answer = quoted_answer([Excerpt(tuple(lines))], limit=1) if lines else quoted_answer([])
        return Reply(Answer(text, answer.citations, False), found=bool(lines), failure=failure, mode="extractive")
