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

from pydantic import ValidationError
from pydantic_settings import BaseSettings

from bot.settings import BotSettings, LogLevel


def shown_default(value: object) -> str:
    if value is None or value == frozenset():
        return "none"
    return str(value).lower() if isinstance(value, bool) else str(value)


def settings_help(settings: type[BaseSettings]) -> str:
    """Every variable the settings class reads, with its default and description, for ``--help``."""
    prefix = settings.model_config.get("env_prefix", "")
    lines = ["settings (environment variables, or NAME=value lines of the env file):"]
    for name, field in settings.model_fields.items():
        default = field.get_default(call_default_factory=True)
        lines.append(f"  {prefix + name.upper():<30} {shown_default(default):<22} {field.description or ''}".rstrip())
    return "\n".join(lines)


SETTINGS_EPILOG = f"{settings_help(BotSettings)}\n\nMeanings and examples: bot/README.md."


def existing_file(value: str) -> Path:
    """argparse type: a file that exists (pydantic-settings would silently skip a missing env file)."""
    path = Path(value)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {value}")
    return path


def add_settings_flags(parser: argparse.ArgumentParser, log_default: str = "info") -> None:
    """``--env-file`` and ``--log-level``, the flags every entry point of the bot package accepts."""
    parser.add_argument("--env-file", type=existing_file, metavar="FILE", help="read BOT_* settings from FILE as well")
    parser.add_argument(
        "--log-level", type=str.lower, choices=get_args(LogLevel), help=f"BOT_LOG_LEVEL; default {log_default}"
    )


def bot_settings(prog: str, env_file: Path | None, **flags: object) -> BotSettings:
    """Settings from the flags given (None = not given), the environment, ``env_file`` and the defaults."""
    given = {name: value for name, value in flags.items() if value is not None}
    try:
        return BotSettings(_env_file=env_file, **given)  # type: ignore[call-arg, arg-type]
    except ValidationError as exc:
        raise SystemExit(f"{prog} cannot start: {exc}") from None


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
