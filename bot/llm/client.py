"""The async OpenAI client of the bot: only LLM traffic goes through ``BOT_LLM_PROXY``."""

from __future__ import annotations

import openai


def build_openai_client(
    base_url: str | None, api_key: str | None, timeout: float, proxy: str | None
) -> openai.AsyncOpenAI:
    """Async client whose traffic (only the LLM's) may go through ``proxy``."""
    # openai's own client class: the library's defaults plus our proxy, whichever httpx flavour it is built on
    http_client = openai.DefaultAsyncHttpxClient(proxy=proxy, timeout=timeout, trust_env=False)
    return openai.AsyncOpenAI(
        base_url=base_url,
        api_key=api_key or "not-needed",
        timeout=timeout,
        max_retries=1,
        http_client=http_client,
    )
