"""Command lines of ``python -m bot`` and ``python -m bot.cli``: every flag they take, ``--help`` with every BOT_*
setting, and the settings they make (the CLI's program itself is bot/cli.py).

Precedence: flags > BOT_* environment variables > the env file > defaults (pydantic-settings puts values passed to
the class above every source). Nothing here imports more than the settings and the call options' parsers.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import get_args

from bot.options import call_options
from bot.shared.settings import BotSettings, LogLevel
from command_lines.settings_flags import add_settings_flags as add_flags_for
from command_lines.settings_flags import existing_file, settings_from_flags
from command_lines.settings_help import settings_epilog

CLI_PROG = "python -m bot.cli"
CLI_DATABASE_NAME = "cli.sqlite3"  # beside BOT_DATABASE_PATH: the CLI keeps its calls apart from the bot's
SETTINGS_EPILOG = settings_epilog(BotSettings, "the env file", (30, 22), "bot/README.md")


def add_settings_flags(parser: argparse.ArgumentParser, log_default: str = "info") -> None:
    """``--env-file`` and ``--log-level``, the flags every entry point of the bot package accepts."""
    add_flags_for(parser, BotSettings, get_args(LogLevel), log_default)


def bot_settings(prog: str, env_file: Path | None, **flags: object) -> BotSettings:
    """Settings from the flags given (None = not given), the environment, ``env_file`` and the defaults."""
    return settings_from_flags(BotSettings, prog, env_file, flags)


def parse_bot_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """``python -m bot [ENV_FILE] [--env-file FILE] [--log-level L]``; exits 2 with a message on a bad flag."""
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="The Telegram call assistant (python-telegram-bot, long polling).",
        epilog=SETTINGS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "env_file_argument", nargs="?", type=existing_file, metavar="ENV_FILE", help="same as --env-file FILE"
    )
    add_settings_flags(parser)
    args = parser.parse_args(argv)
    if args.env_file_argument is not None:
        if args.env_file is not None:
            parser.error("give the env file once: as ENV_FILE or as --env-file FILE")
        args.env_file = args.env_file_argument
    return args


def parse_cli_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """``python -m bot.cli process FILE [flags]``; exits 2 with a message on a bad flag."""
    parser = argparse.ArgumentParser(
        prog=CLI_PROG,
        description="Transcribe and summarize a call.",
        epilog=SETTINGS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "process",
        help="transcribe FILE and print its summary",
        epilog=SETTINGS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("file", type=Path)
    run.add_argument("--lang", default="en", help="language of the bot's texts: en or ru (default en)")
    run.add_argument("--language", help="language spoken in the recording (default: detected)")
    run.add_argument("--speakers", type=_speakers, help="auto (default), an exact count such as 3, or a range: 2-4")
    run.add_argument("--vocabulary", type=_vocabulary, help="names and terms to expect (at most 300 characters)")
    run.add_argument("--api-url", help="transcription service URL (default BOT_TRANSCRIPTION_API_URL)")
    run.add_argument("--database", type=Path, help="SQLite file (default: cli.sqlite3 beside BOT_DATABASE_PATH)")
    run.add_argument("--out-dir", type=Path, default=Path("."), help="where the transcript .txt goes")
    run.add_argument("--html", action="store_true", help="print the Telegram HTML instead of the displayed text")
    run.add_argument("--no-local-api", action="store_true", help="never start a local transcription service")
    add_settings_flags(run, log_default="warning")
    return parser.parse_args(argv)


def _speakers(text: str) -> tuple[int, int] | None:
    try:
        return call_options.parse_speakers(text)
    except call_options.OptionError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: auto, a count from 1 to {call_options.MAX_SPEAKERS} or a range such as 2-4"
        ) from None


def _vocabulary(text: str) -> str | None:
    try:
        return call_options.clean_vocabulary(text)
    except call_options.OptionError:
        raise argparse.ArgumentTypeError(f"at most {call_options.VOCABULARY_CHARS} characters") from None


def cli_settings(args: argparse.Namespace) -> BotSettings:
    """The CLI's settings: its flags over the environment and the env file; its own database beside the bot's."""
    settings = bot_settings(
        CLI_PROG,
        args.env_file,
        transcription_api_url=args.api_url,
        database_path=args.database,
        transcription_language=args.language,
        log_level=args.log_level,
        progress_edit_interval=0.0,
    )
    if args.database is None:
        settings = settings.model_copy(update={"database_path": settings.database_path.with_name(CLI_DATABASE_NAME)})
    return settings
