"""Opening and closing the bot's resources as a pair (used by ``post_init``/``post_shutdown`` and the CLI)."""

from __future__ import annotations

from bot.llm.chunking import max_chars
from bot.llm.client import build_openai_client
from bot.pipeline.runner import PipelineOptions
from bot.qa.answerer import LLMAnswerer
from bot.settings import BotSettings
from bot.summaries.summarizer import PROMPT_OVERHEAD_TOKENS, LLMSummarizer
from bot.transcription_client import TranscriptionClient


def pipeline_options(settings: BotSettings) -> PipelineOptions:
    return PipelineOptions(
        work_dir=settings.work_dir,
        language=settings.transcription_language,
        ffmpeg_timeout_s=settings.ffmpeg_timeout_s,
        poll_interval=settings.poll_interval,
        retry_initial_delay=settings.retry_initial_delay,
        retry_max_delay=settings.retry_max_delay,
        retry_give_up_after=settings.retry_give_up_after,
    )


def transcription_client(settings: BotSettings) -> TranscriptionClient:
    return TranscriptionClient(
        settings.transcription_api_url, settings.transcription_api_key, settings.transcription_timeout
    )


def summarizer(settings: BotSettings) -> LLMSummarizer | None:
    """The LLM summarizer, or ``None`` for the extractive fallback when no LLM is configured."""
    if not settings.llm_configured:
        return None
    client = build_openai_client(
        settings.llm_base_url, settings.llm_api_key, settings.llm_timeout, settings.llm_proxy
    )
    return LLMSummarizer(
        client, settings.llm_model, settings.llm_context_tokens, settings.llm_max_output_tokens,
        settings.llm_concurrency,
    )  # fmt: skip


def answer_budget_chars(settings: BotSettings) -> int:
    """Characters of excerpts and history one answer request may carry: the context minus answer and prompt."""
    answer_tokens = min(settings.llm_max_output_tokens, settings.llm_context_tokens // 4)
    return max_chars(settings.llm_context_tokens - answer_tokens - PROMPT_OVERHEAD_TOKENS)


def answerer(settings: BotSettings) -> LLMAnswerer | None:
    """Grounded answers from the configured LLM, or ``None`` to answer with quotes."""
    if not settings.llm_configured:
        return None
    client = build_openai_client(
        settings.llm_base_url, settings.llm_api_key, settings.llm_timeout, settings.llm_proxy
    )
    answer_tokens = min(settings.llm_max_output_tokens, settings.llm_context_tokens // 4)
    return LLMAnswerer(client, settings.llm_model, answer_tokens)
