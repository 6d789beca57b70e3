"""Entry point of the bot process: ``python -m bot [ENV_FILE] [--env-file FILE] [--log-level L]`` (``--help`` lists
every BOT_* setting). The one place that wires it together."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from functools import partial

from telegram import BotCommand, Update
from telegram.ext import AIORateLimiter, Application

from bot import command_line, handlers, wiring
from bot.context import CONTEXT_TYPES, BotApplication, BotRuntime
from bot.delivery.reporter import TelegramReporter
from bot.delivery.status_editor import StatusEditor
from bot.log_redaction import configure_logging
from bot.pipeline.originals import OriginalFiles
from bot.pipeline.runner import CallPipeline
from bot.pipeline.service_deletions import ServiceDeletions
from bot.pipeline.tasks import CallTasks
from bot.pipeline.temp_files import remove_stale_temporaries
from bot.recordings.telegram_files import TelegramFiles
from bot.settings import BotSettings
from bot.texts import EN, RU, Texts
from bot.users.awaited_inputs import AwaitedInputs
from database import Database

log = logging.getLogger("bot")


async def start_runtime(settings: BotSettings, application: BotApplication) -> None:
    """``post_init``: open the database and clients, clear a killed run's leftovers, then resume unfinished calls
    and the deletions still owed to the transcription service."""
    db = await Database.open(settings.database_path)
    await remove_stale_temporaries(settings.work_dir)
    status = StatusEditor(application.bot, db, settings.status_edits_per_second)
    client = wiring.transcription_client(settings)
    deletions = ServiceDeletions(db, client, settings.retry_initial_delay, settings.retry_max_delay)
    vectors = wiring.call_vectors(settings, db)
    audio = wiring.audio_copies(settings, db)
    pipeline = CallPipeline(
        db=db,
        client=client,
        summarizer=wiring.summarizer(settings),
        reporter=TelegramReporter(application.bot, db, settings.progress_edit_interval, status, settings.miniapp_url),
        files=TelegramFiles(application.bot, settings.work_dir, settings.local_files_dir),
        options=wiring.pipeline_options(settings),
        cleanup=deletions,
        passages=vectors,
        audio=audio,
        names=wiring.name_finder(settings, db),
    )
    files_dir = settings.local_files_dir
    originals = OriginalFiles(files_dir) if settings.delete_originals and files_dir else None
    calls = CallTasks(pipeline, settings.max_active_calls_per_user, originals)
    questions = wiring.question_service(settings, db, vectors)
    miniapp = wiring.mini_app(settings, db, audio) if settings.miniapp_enabled else None
    application.bot_data.runtime = BotRuntime(
        settings=settings, db=db, calls=calls, status=status, questions=questions, awaited=AwaitedInputs(),
        deletions=deletions, miniapp=miniapp,
    )  # fmt: skip
    await application.bot.set_my_commands(bot_commands(EN))
    await application.bot.set_my_commands(bot_commands(RU), language_code="ru")
    deletions.start()
    await audio.start()  # removes leftovers now, then copies past their retention, hourly
    if miniapp is not None:
        await miniapp.start()
    await calls.resume_all()


def bot_commands(texts: Texts) -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in texts.commands]


async def stop_runtime(application: BotApplication) -> None:
    """``post_shutdown``: interrupt running calls (their state is saved) and close everything opened."""
    runtime = application.bot_data.runtime
    if runtime is None:
        return
    if runtime.miniapp is not None:
        await runtime.miniapp.aclose()
    await runtime.calls.stop_all()
    await runtime.deletions.aclose()
    await runtime.status.aclose()
    pipeline = runtime.calls.pipeline
    if pipeline.audio is not None:
        await pipeline.audio.aclose()
    await pipeline.client.aclose()
    if pipeline.summarizer is not None:
        await pipeline.summarizer.aclose()
    if pipeline.names is not None:
        await pipeline.names.aclose()
    await runtime.questions.aclose()
    await runtime.db.aclose()
    application.bot_data.runtime = None


def build_application(settings: BotSettings) -> BotApplication:
    if not settings.telegram_token:
        raise ValueError(
            "BOT_TELEGRAM_TOKEN is not set: create a bot with @BotFather and put its token in the environment or in "
            "the env file (cp env/bot.env.example env/bot.env, then python -m bot --env-file env/bot.env)"
        )
    builder = (
        Application.builder()
        .token(settings.telegram_token)
        .context_types(CONTEXT_TYPES)
        .concurrent_updates(True)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .local_mode(settings.telegram_local_mode)
        .post_init(partial(start_runtime, settings))
        .post_shutdown(stop_runtime)
    )
    if settings.telegram_api_url:
        builder = builder.base_url(settings.telegram_api_url)
    if settings.telegram_file_url:
        builder = builder.base_file_url(settings.telegram_file_url)
    application: BotApplication = builder.build()  # type: ignore[assignment]
    handlers.register(application)
    return application


def configure(argv: Sequence[str] | None = None) -> BotSettings:
    """Command line, settings and logging: flags > environment > env file > defaults; exits 2 on a bad flag."""
    args = command_line.parse_bot_args(argv)
    settings = command_line.bot_settings("python -m bot", args.env_file, log_level=args.log_level)
    configure_logging(settings.secrets, settings.log_level.upper())
    return settings


def main(argv: Sequence[str] | None = None) -> None:
    settings = configure(argv)
    try:
        application = build_application(settings)
    except ValueError as exc:
        sys.exit(str(exc))
    application.run_polling(allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY])


if __name__ == "__main__":
    main()
