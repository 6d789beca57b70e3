"""Building the bot's parts from settings: clients, the summarizer, the question service (used by ``__main__`` and
the CLI, which open and close them in pairs)."""

from __future__ import annotations

import openai

from bot.analytics.insights import CallInsights
from bot.analytics.model_insights import ModelInsights
from bot.llm.chunking import max_chars
from bot.llm.client import build_openai_client
from bot.llm.embeddings import Embedder
from bot.miniapp.audio_links import AudioLinks
from bot.miniapp.routes import MiniAppState
from bot.miniapp.server import MiniAppServer
from bot.names.finder import NameFinder
from bot.names.model_names import ModelNames
from bot.pipeline.audio_copies import AudioCopies
from bot.pipeline.runner import PipelineOptions
from bot.qa.answerer import LLMAnswerer
from bot.qa.service import QuestionService
from bot.retrieval.call_vectors import CallVectors
from bot.settings import BotSettings
from bot.summaries.summarizer import PROMPT_OVERHEAD_TOKENS, LLMSummarizer
from bot.transcription_client import TranscriptionClient
from database import Database


def pipeline_options(settings: BotSettings) -> PipelineOptions:
    return PipelineOptions(
        work_dir=settings.work_dir,
        language=settings.transcription_language,
        ffmpeg_timeout_s=settings.ffmpeg_timeout_s,
        poll_interval=settings.poll_interval,
        retry_initial_delay=settings.retry_initial_delay,
        retry_max_delay=settings.retry_max_delay,
        retry_give_up_after=settings.retry_give_up_after,
        stall_notice_after=settings.stall_notice_after,
        stall_give_up_after=settings.stall_give_up_after,
        voice_match_threshold=settings.voice_match_threshold,
    )


def transcription_client(settings: BotSettings) -> TranscriptionClient:
    return TranscriptionClient(
        settings.transcription_api_url, settings.transcription_api_key, settings.transcription_timeout
    )


def _llm_client(settings: BotSettings) -> openai.AsyncOpenAI:
    return build_openai_client(settings.llm_base_url, settings.llm_api_key, settings.llm_timeout, settings.llm_proxy)


def summarizer(settings: BotSettings) -> LLMSummarizer | None:
    """The LLM summarizer, or ``None`` for the extractive fallback when no LLM is configured."""
    if not settings.llm_configured:
        return None
    return LLMSummarizer(
        _llm_client(settings), settings.llm_model, settings.llm_context_tokens, settings.llm_max_output_tokens,
        settings.llm_concurrency,
    )  # fmt: skip


def audio_copies(settings: BotSettings, db: Database) -> AudioCopies:
    """The audio copies the Mini App's player streams: made only with the Mini App on and a retention period,
    but always deleted with their calls and when they expire."""
    retention_s = settings.audio_retention_days * 86400
    return AudioCopies(db, settings.audio_folder, retention_s, settings.ffmpeg_timeout_s, making=settings.keeps_audio)


def mini_app(settings: BotSettings, db: Database, audio: AudioCopies | None) -> MiniAppServer:
    """The Mini App's web server; chapters and sentiment come from the LLM when one is configured."""
    model = None
    if settings.llm_configured:
        model = ModelInsights(_llm_client(settings), settings.llm_model, settings.llm_context_tokens,
                              settings.llm_concurrency)  # fmt: skip
    state = MiniAppState(
        db=db, bot_token=settings.telegram_token or "", max_age_s=settings.miniapp_auth_max_age_s,
        is_allowed=settings.is_allowed, audio=audio, insights=CallInsights(db, model), links=AudioLinks(),
    )  # fmt: skip
    return MiniAppServer(state, settings.miniapp_host, settings.miniapp_port)


def answer_budget_chars(settings: BotSettings) -> int:
    """Characters of call material and history one answer request may carry: the context minus answer and prompt."""
    answer_tokens = min(settings.llm_max_output_tokens, settings.llm_context_tokens // 4)
    return max_chars(settings.llm_context_tokens - answer_tokens - PROMPT_OVERHEAD_TOKENS)


def call_vectors(settings: BotSettings, db: Database) -> CallVectors:
    """Passage embeddings from the LLM endpoint's ``/v1/embeddings``; none without an LLM or a model name."""
    if not settings.llm_configured or not settings.embedding_model:
        return CallVectors(db, None)
    return CallVectors(db, Embedder(_llm_client(settings), settings.embedding_model))


def question_service(settings: BotSettings, db: Database, vectors: CallVectors) -> QuestionService:
    """Grounded answers from the configured LLM, or quotes (and the extractive summary) without one."""
    answerer = None
    if settings.llm_configured:
        answer_tokens = min(settings.llm_max_output_tokens, settings.llm_context_tokens // 4)
        answerer = LLMAnswerer(_llm_client(settings), settings.llm_model, answer_tokens)
    return QuestionService(db, answerer, answer_budget_chars(settings), vectors)


def name_finder(settings: BotSettings, db: Database) -> NameFinder:
    """Names heard in calls: from the LLM when one is configured, else (and when it fails) from the patterns."""
    model = None
    if settings.llm_configured:
        model = ModelNames(_llm_client(settings), settings.llm_model, settings.llm_context_tokens,
                           settings.llm_concurrency)  # fmt: skip
    return NameFinder(db, model)
