"""Entry point of the bot process: ``python -m bot [ENV_FILE] [--env-file FILE] [--log-level L]`` (``--help`` lists
every BOT_* setting). The one place that wires it together."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from functools import partial

from telegram import BotCommand, BotCommandScopeAllGroupChats, Update
from telegram.ext import AIORateLimiter, Application

from bot.app import arguments, handlers, wiring
from bot.app.log_redaction import configure_logging
from bot.recordings.temp_files import remove_stale_temporaries
from bot.shared.context import CONTEXT_TYPES, BotApplication
from bot.shared.settings import BotSettings
from bot.texts import EN, RU

log = logging.getLogger("bot")


async def start_runtime(settings: BotSettings, application: BotApplication) -> None:
    """``post_init``: open the database and build the runtime (``bot/app/wiring.py``), clear a killed run's leftovers,
    then resume unfinished calls and the deletions still owed to the transcription service."""
    runtime = await wiring.open_runtime(settings, application.bot)
    await remove_stale_temporaries(settings.work_dir)
    application.bot_data.runtime = runtime
    in_groups = BotCommandScopeAllGroupChats()
    await application.bot.set_my_commands(bot_commands(EN.groups.commands), scope=in_groups)
    await application.bot.set_my_commands(bot_commands(RU.groups.commands), scope=in_groups, language_code="ru")
    await application.bot.set_my_commands(bot_commands(EN.commands))
    await application.bot.set_my_commands(bot_commands(RU.commands), language_code="ru")
    runtime.deletions.start()
    await runtime.audio.start()  # removes leftovers now, then copies past their retention, hourly
    if runtime.miniapp is not None:
        await runtime.miniapp.start()
    await runtime.calls.resume_all()


# chat_member updates are not sent by default: the bot asks for them (they come only while it is an admin)
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER, Update.CHAT_MEMBER]


def bot_commands(commands: tuple[tuple[str, str], ...]) -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in commands]


async def stop_runtime(application: BotApplication) -> None:
    """``post_shutdown``: interrupt running calls (their state is saved) and close everything opened."""
    runtime = application.bot_data.runtime
    if runtime is None:
        return
    await wiring.close_runtime(runtime)
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
    args = arguments.parse_bot_args(argv)
    settings = arguments.bot_settings("python -m bot", args.env_file, log_level=args.log_level)
    configure_logging(settings.secrets, settings.log_level.upper())
    return settings


def main(argv: Sequence[str] | None = None) -> None:
    settings = configure(argv)
    try:
        application = build_application(settings)
    except ValueError as exc:
        sys.exit(str(exc))
    application.run_polling(allowed_updates=ALLOWED_UPDATES)


if __name__ == "__main__":
    main()
