"""One chat completion against an OpenAI-compatible endpoint, its failures named in plain words."""

from __future__ import annotations

from typing import Any

import openai

from bot.shared.errors import BotError


async def complete(
    client: openai.AsyncOpenAI,
    model: str,
    messages: list[Any],
    *,
    max_tokens: int,
    temperature: float,
    error: type[BotError],
) -> str:
    """The answer's text; timeouts, unreachable servers, HTTP errors and empty answers raise ``error``."""
    try:
        response = await client.chat.completions.create(
            model=model, messages=messages, max_tokens=max_tokens, temperature=temperature
        )
    except openai.APITimeoutError as exc:
        raise error("the language model timed out") from exc
    except openai.APIConnectionError as exc:
        raise error("the language model is unreachable") from exc
    except openai.APIStatusError as exc:
        raise error(f"the language model answered HTTP {exc.status_code}") from exc
    content = response.choices[0].message.content if response.choices else None
    if not content or not content.strip():
        raise error("the language model returned an empty answer")
    return content
