"""Answer a question with an OpenAI-compatible model from what the call offers, or quote it when none is set."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import openai

from bot.llm.completion import complete
from bot.questions import prompts
from bot.questions.citations import Citation, keep_real_citations
from bot.shared.errors import BotError

REWRITE_TOKENS = 120


class AnswerError(BotError):
    """The language model failed, timed out or answered nothing."""


@dataclass(frozen=True, slots=True)
class Excerpt:
    """One retrieved passage: quoted lines, each starting with its citation."""

    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Material:
    """What the model is shown about a call (or calls), and what its citations may point at."""

    text: str
    quoted_lines: tuple[str, ...]
    stamps: frozenset[str] = field(default_factory=frozenset)  # [mm:ss] of the call, for summary and notes items


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    citations: list[Citation]
    grounded_by_llm: bool


@dataclass(frozen=True, slots=True)
class Turn:
    role: str  # "user" or "assistant"
    content: str


class LLMAnswerer:
    """Grounded answers with conversation history; citations to lines not shown to the model are removed."""

    def __init__(self, client: openai.AsyncOpenAI, model: str, max_output_tokens: int = 600) -> None:
        self._client = client
        self._model = model
        self._max_output = max_output_tokens

    async def aclose(self) -> None:
        await self._client.close()

    async def answer(
        self,
        question: str,
        material: Material,
        history: Sequence[Turn],
        language: str | None,
        several_calls: bool = False,
    ) -> Answer:
        messages: list[dict[str, str]] = [{"role": "system", "content": prompts.system_prompt(language, several_calls)}]
        messages += [{"role": t.role, "content": t.content} for t in history]
        messages.append({"role": "user", "content": prompts.question_prompt(material.text, question)})
        reply = await self._complete(messages, self._max_output, 0.1)
        text, citations = keep_real_citations(reply, material.quoted_lines, material.stamps)
        return Answer(text, citations, grounded_by_llm=True)

    async def standalone(self, question: str, history: Sequence[Turn]) -> str:
        """The latest question rewritten so that it needs no conversation to be understood."""
        messages = prompts.rewrite_messages([(t.role, t.content) for t in history], question)
        rewritten = " ".join((await self._complete(messages, REWRITE_TOKENS, 0.0)).split())
        return rewritten[:500] or question

    async def _complete(self, messages: list[Any], max_tokens: int, temperature: float) -> str:
        return await complete(
            self._client, self._model, messages, max_tokens=max_tokens, temperature=temperature, error=AnswerError
        )


def quoted_answer(excerpts: Sequence[Excerpt], limit: int = 3) -> Answer:
    """Without a language model: the most relevant excerpts themselves (the caller labels them as quotes)."""
    chosen = list(excerpts[:limit])
    text = "\n\n".join("\n".join(e.lines) for e in chosen)
    _, citations = keep_real_citations(text, text.splitlines())
    return Answer(text, citations, grounded_by_llm=False)
