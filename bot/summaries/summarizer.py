"""LLM summaries through any OpenAI-compatible endpoint; long transcripts go map-reduce, never truncated."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import openai

from bot.llm.chunking import chunk_lines, estimate_tokens, group_within
from bot.llm.completion import complete
from bot.shared.errors import SummaryError
from bot.summaries import prompts
from bot.summaries.citations import CitationChecker
from bot.summaries.prompts import SummaryRequest
from bot.summaries.summary import Summary, parse_llm_summary

log = logging.getLogger(__name__)
PROMPT_OVERHEAD_TOKENS = 700  # system prompt with a template, instructions and the fence rule


@dataclass(frozen=True)
class SummaryResult:
    """The summary and, for a call summarized part by part, each part's notes (kept for answering questions)."""

    summary: Summary
    notes: list[str] = field(default_factory=list)


class LLMSummarizer:
    def __init__(
        self,
        client: openai.AsyncOpenAI,
        model: str,
        context_tokens: int,
        max_output_tokens: int,
        concurrency: int = 4,
    ) -> None:
        self._client = client
        self._model = model
        self._max_output = min(max_output_tokens, context_tokens // 4)
        self.input_budget = context_tokens - self._max_output - PROMPT_OVERHEAD_TOKENS
        self._gate = asyncio.Semaphore(concurrency)

    async def aclose(self) -> None:
        await self._client.close()

    async def _complete(self, system: str, user: str) -> str:
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        async with self._gate:
            return await complete(
                self._client, self._model, messages, max_tokens=self._max_output, temperature=0.2, error=SummaryError
            )

    async def summarize(self, lines: Sequence[str], request: SummaryRequest) -> SummaryResult:
        """One call when the transcript fits the budget; otherwise map over chunks and reduce the notes. Every
        item of the result cites a real line of ``lines``."""
        system = prompts.system_prompt(request)
        text = "\n".join(lines)
        notes: list[str] = []
        if estimate_tokens(text) <= self.input_budget:
            answer = await self._complete(system, prompts.full_prompt(text))
        else:
            chunks = chunk_lines(lines, self.input_budget)
            log.info("map-reduce summary over %d chunks", len(chunks))
            notes = list(
                await asyncio.gather(
                    *(
                        self._complete(system, prompts.map_prompt(i, len(chunks), chunk))
                        for i, chunk in enumerate(chunks, start=1)
                    )
                )
            )
            answer = await self._reduce(system, notes)
        summary = parse_llm_summary(answer, request.language).model_copy(
            update={"call_kind": request.template.key, "call_kind_chosen": request.template_chosen}
        )
        return SummaryResult(CitationChecker(lines).summary(summary), notes)

    async def _reduce(self, system: str, notes: list[str]) -> str:
        while len(notes) > 1:
            groups = group_within(notes, self.input_budget)
            notes = list(await asyncio.gather(*(self._complete(system, prompts.reduce_prompt(g)) for g in groups)))
        return notes[0]
