"""Command lines of ``python -m bot`` and ``python -m bot.cli``: the shared flags, ``--help`` with every BOT_* setting,
and the settings they make.

Precedence: flags > BOT_* environment variables > the env file > defaults (pydantic-settings puts values passed to
the class above every source). Nothing here imports more than the settings.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import get_args

from bot.settings import BotSettings, LogLevel
from command_lines.settings_flags import add_settings_flags as add_flags_for
from command_lines.settings_flags import existing_file, settings_from_flags
from command_lines.settings_help import settings_epilog

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
