"""A language-model pass over a call's lines: the call goes in parts that fit the context budget (speakers shown
as ``S1``, ``S2``…, see ``bot.llm.speaker_lines``), each part fenced as data under the pass's own instructions,
at most ``concurrency`` parts at once. Subclasses set the instructions and read the answers."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import openai

from bot.llm.completion import complete
from bot.llm.fence import fenced
from bot.llm.speaker_lines import SpokenLine, in_parts, shown, speaker_keys
from bot.shared.errors import BotError

PROMPT_OVERHEAD_TOKENS = 400


@dataclass(frozen=True)
class PartAnswer:
    lines: list[SpokenLine]  # the part of the call the model saw
    text: str  # its answer
    labels: dict[str, str]  # ``S1`` → the speaker's label


class TranscriptPass:
    system = ""
    output_tokens = 400
    temperature = 0.0
    error: type[BotError] = BotError  # what a failed request raises

    def __init__(self, client: openai.AsyncOpenAI, model: str, context_tokens: int, concurrency: int = 4) -> None:
        self._client, self.model = client, model
        self._budget = context_tokens - self.output_tokens - PROMPT_OVERHEAD_TOKENS
        self._gate = asyncio.Semaphore(concurrency)

    async def aclose(self) -> None:
        await self._client.close()

    async def answers(self, lines: Sequence[SpokenLine]) -> list[PartAnswer]:
        """The model's answer for every part of the call, in order; ``error`` when a request fails."""
        keys = speaker_keys(lines)
        parts = in_parts(lines, keys, self._budget)
        texts = await asyncio.gather(*(self._ask(part, keys) for part in parts))
        labels = {key: label for label, key in keys.items()}
        return [PartAnswer(part, text, labels) for part, text in zip(parts, texts, strict=True)]

    async def _ask(self, part: Sequence[SpokenLine], keys: dict[str, str]) -> str:
        text = "\n".join(shown(line, keys) for line in part)
        messages = [{"role": "system", "content": self.system}, {"role": "user", "content": fenced("transcript", text)}]
        async with self._gate:
            return await complete(
                self._client,
                self.model,
                messages,
                max_tokens=self.output_tokens,
                temperature=self.temperature,
                error=self.error,
            )
