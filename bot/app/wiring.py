"""Building the bot's parts from settings, each once: clients, the summarizer, the question service, and the whole
runtime the handlers reach (used by ``__main__`` and the CLI, which open and close them in pairs)."""

from __future__ import annotations

import openai
from telegram import Bot

from bot.analytics.insights import CallInsights
from bot.analytics.model_insights import ModelInsights
from bot.buttons.open_call import OpenCall, start_key
from bot.deletion.service_deletions import ServiceDeletions
from bot.llm.chunking import max_chars
from bot.llm.client import build_openai_client
from bot.llm.embeddings import Embedder
from bot.miniapp.audio_links import AudioLinks
from bot.miniapp.routes import MiniAppState
from bot.miniapp.server import MiniAppServer
from bot.pipeline.rediarizing import Rediarizer
from bot.pipeline.reporter import TelegramReporter
from bot.pipeline.runner import CallPipeline, PipelineOptions
from bot.pipeline.status_editor import StatusEditor
from bot.pipeline.summary_messages import SummaryMessages
from bot.pipeline.tasks import CallTasks
from bot.questions.answerer import LLMAnswerer
from bot.questions.service import QuestionService
from bot.recordings.audio_copies import AudioCopies
from bot.recordings.originals import OriginalFiles
from bot.recordings.telegram_files import TelegramFiles
from bot.retrieval.call_vectors import CallVectors
from bot.shared.awaited_inputs import AwaitedInputs
from bot.shared.context import BotRuntime
from bot.shared.membership import Membership
from bot.shared.settings import BotSettings
from bot.sharing.service import CallSharing
from bot.speakers.names.finder import NameFinder
from bot.speakers.names.model_names import ModelNames
from bot.speakers.renaming import SpeakerRenaming
from bot.speakers.voices.recognition import VoiceRecognition
from bot.summaries.summarizer import PROMPT_OVERHEAD_TOKENS, LLMSummarizer
from bot.transcription.client import TranscriptionClient
from database import Database


def pipeline_options(settings: BotSettings) -> PipelineOptions:
    return PipelineOptions(
        work_dir=settings.work_dir,
        language=settings.transcription_language,
        ffmpeg_timeout_s=settings.ffmpeg_timeout_s,
        poll_interval=settings.poll_interval,
        quiet_poll_interval=settings.quiet_poll_interval,
        transcript_preview_after_s=settings.transcript_preview_after_s,
        retry_initial_delay=settings.retry_initial_delay,
        retry_max_delay=settings.retry_max_delay,
        retry_give_up_after=settings.retry_give_up_after,
        stall_notice_after=settings.stall_notice_after,
        stall_give_up_after=settings.stall_give_up_after,
    )


def voice_recognition(settings: BotSettings, db: Database) -> VoiceRecognition:
    """Speakers named by voice, and the profiles that learn from the names users give."""
    return VoiceRecognition(db, settings.voice_match_threshold)


def transcription_client(settings: BotSettings) -> TranscriptionClient:
    return TranscriptionClient(
        settings.transcription_api_url, settings.transcription_api_key, settings.transcription_timeout
    )


def llm_client(settings: BotSettings) -> openai.AsyncOpenAI | None:
    """The one client of the OpenAI-compatible endpoint that every LLM user shares (chat and embeddings); ``None``
    when no LLM is configured."""
    if not settings.llm_configured:
        return None
    return build_openai_client(settings.llm_base_url, settings.llm_api_key, settings.llm_timeout, settings.llm_proxy)


def summarizer(settings: BotSettings, llm: openai.AsyncOpenAI | None) -> LLMSummarizer | None:
    """The LLM summarizer, or ``None`` for the extractive fallback when no LLM is configured."""
    if llm is None:
        return None
    return LLMSummarizer(
        llm,
        settings.llm_model,
        settings.llm_context_tokens,
        settings.llm_max_output_tokens,
        settings.llm_concurrency,
    )


def audio_copies(settings: BotSettings, db: Database) -> AudioCopies:
    """The audio copies the Mini App's player streams: made only with the Mini App on and a retention period,
    but always deleted with their calls and when they expire."""
    retention_s = settings.audio_retention_days * 86400
    return AudioCopies(db, settings.audio_folder, retention_s, settings.ffmpeg_timeout_s, making=settings.keeps_audio)


def mini_app(
    settings: BotSettings,
    db: Database,
    audio: AudioCopies | None,
    llm: openai.AsyncOpenAI | None,
    members: Membership | None = None,
) -> MiniAppServer:
    """The Mini App's web server; chapters and sentiment come from the LLM when one is configured."""
    model = None
    if llm is not None:
        model = ModelInsights(llm, settings.llm_model, settings.llm_context_tokens, settings.llm_concurrency)
    state = MiniAppState(
        db=db,
        bot_token=settings.telegram_token or "",
        max_age_s=settings.miniapp_auth_max_age_s,
        is_allowed=settings.is_allowed_owner,
        audio=audio,
        insights=CallInsights(db, model),
        links=AudioLinks(),
        members=members,
        start_key=start_key(settings.telegram_token or ""),
    )
    return MiniAppServer(state, settings.miniapp_host, settings.miniapp_port)


def answer_budget_chars(settings: BotSettings) -> int:
    """Characters of call material and history one answer request may carry: the context minus answer and prompt."""
    answer_tokens = min(settings.llm_max_output_tokens, settings.llm_context_tokens // 4)
    return max_chars(settings.llm_context_tokens - answer_tokens - PROMPT_OVERHEAD_TOKENS)


def call_vectors(settings: BotSettings, db: Database, llm: openai.AsyncOpenAI | None) -> CallVectors:
    """Passage embeddings from the LLM endpoint's ``/v1/embeddings``; none without an LLM or a model name."""
    if llm is None or not settings.embedding_model:
        return CallVectors(db, None)
    return CallVectors(db, Embedder(llm, settings.embedding_model))


def question_service(
    settings: BotSettings, db: Database, vectors: CallVectors, llm: openai.AsyncOpenAI | None
) -> QuestionService:
    """Grounded answers from the configured LLM, or quotes (and the extractive summary) without one."""
    answerer = None
    if llm is not None:
        answer_tokens = min(settings.llm_max_output_tokens, settings.llm_context_tokens // 4)
        answerer = LLMAnswerer(llm, settings.llm_model, answer_tokens)
    return QuestionService(db, answerer, answer_budget_chars(settings), vectors)


def name_finder(settings: BotSettings, db: Database, llm: openai.AsyncOpenAI | None) -> NameFinder:
    """Names heard in calls: from the LLM when one is configured, else (and when it fails) from the patterns."""
    model = None
    if llm is not None:
        model = ModelNames(llm, settings.llm_model, settings.llm_context_tokens, settings.llm_concurrency)
    return NameFinder(db, model)


async def open_runtime(settings: BotSettings, bot: Bot) -> BotRuntime:
    """Open the database and build every part of the running bot once: handlers reach them as ``runtime.<part>``,
    and every LLM user shares one client. Nothing is started yet (see ``__main__``)."""
    db = await Database.open(settings.database_path)
    llm = llm_client(settings)
    status = StatusEditor(bot, db, settings.status_edits_per_second)
    client = transcription_client(settings)
    deletions = ServiceDeletions(db, client, settings.retry_initial_delay, settings.retry_max_delay)
    vectors = call_vectors(settings, db, llm)
    audio = audio_copies(settings, db)
    members = Membership(bot, settings.membership_cache_s)
    opener = OpenCall(settings.miniapp_url, settings.miniapp_short_name, bot, start_key(bot.token))
    summaries = SummaryMessages(bot, db, opener)
    voices = voice_recognition(settings, db)
    pipeline = CallPipeline(
        db=db,
        client=client,
        summarizer=summarizer(settings, llm),
        reporter=TelegramReporter(bot, db, settings.progress_edit_interval, status, summaries),
        files=TelegramFiles(bot, settings.work_dir, settings.local_files_dir),
        options=pipeline_options(settings),
        voices=voices,
        cleanup=deletions,
        passages=vectors,
        audio=audio,
        names=name_finder(settings, db, llm),
    )
    files_dir = settings.local_files_dir
    originals = OriginalFiles(files_dir) if settings.delete_originals and files_dir else None
    return BotRuntime(
        settings=settings,
        db=db,
        calls=CallTasks(pipeline, settings.max_active_calls_per_user, originals, settings.max_active_calls_per_chat),
        members=members,
        opener=opener,
        status=status,
        questions=question_service(settings, db, vectors, llm),
        awaited=AwaitedInputs(),
        deletions=deletions,
        summaries=summaries,
        voices=voices,
        rediarizer=Rediarizer(pipeline),
        audio=audio,
        transcription=client,
        llm=llm,
        speakers=SpeakerRenaming(db, voices, summaries),
        sharing=CallSharing(db),
        miniapp=mini_app(settings, db, audio, llm, members) if settings.miniapp_enabled else None,
    )


async def close_runtime(runtime: BotRuntime) -> None:
    """Interrupt running calls (their state is saved), then close everything opened, the shared clients last."""
    await runtime.calls.stop_all()
    if runtime.miniapp is not None:
        await runtime.miniapp.aclose()
    await runtime.deletions.aclose()
    await runtime.status.aclose()
    await runtime.audio.aclose()
    await runtime.transcription.aclose()
    if runtime.llm is not None:
        await runtime.llm.close()  # the summarizer's, the answerer's, the names' and the embeddings' client
    await runtime.db.aclose()
