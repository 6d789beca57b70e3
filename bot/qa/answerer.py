"""Answer a question with an OpenAI-compatible model from retrieved passages, or quote them when none is set."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import openai

from bot.errors import BotError
from bot.llm.completion import complete
from bot.qa import prompts
from bot.qa.citations import Citation, keep_real_citations


class AnswerError(BotError):
    """The language model failed, timed out or answered nothing."""


@dataclass(frozen=True, slots=True)
class Excerpt:
    """One retrieved passage: quoted lines, each starting with its citation."""

    lines: tuple[str, ...]


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
        self, question: str, excerpts: Sequence[Excerpt], history: Sequence[Turn], language: str | None,
        several_calls: bool = False,
    ) -> Answer:  # fmt: skip
        lines = [line for excerpt in excerpts for line in excerpt.lines]
        messages: list[dict[str, str]] = [{"role": "system", "content": prompts.system_prompt(language, several_calls)}]
        messages += [{"role": t.role, "content": t.content} for t in history]
        excerpt_text = "\n\n".join("\n".join(prompts.fence(line) for line in e.lines) for e in excerpts)
        messages.append({"role": "user", "content": prompts.QUESTION.format(excerpts=excerpt_text, question=question)})
        text, citations = keep_real_citations(await self._complete(messages), lines)
        return Answer(text, citations, grounded_by_llm=True)

    async def _complete(self, messages: list[Any]) -> str:
        return await complete(
            self._client, self._model, messages, max_tokens=self._max_output, temperature=0.1, error=AnswerError
        )


def quoted_answer(excerpts: Sequence[Excerpt], limit: int = 3) -> Answer:
    """Without a language model: the most relevant excerpts themselves (the caller labels them as quotes)."""
    chosen = list(excerpts[:limit])
    text = "\n\n".join("\n".join(e.lines) for e in chosen)
    _, citations = keep_real_citations(text, text.splitlines())
    return Answer(text, citations, grounded_by_llm=False)
