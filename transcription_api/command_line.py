"""Command line of the service: flags, ``--help`` with every setting, and the settings they make.

Parsed before anything heavy is imported. Precedence: flags > TRANSCRIBE_* environment variables > the env file >
defaults (pydantic-settings puts values passed to the class above every source).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import get_args

from pydantic import ValidationError
from pydantic_settings import BaseSettings

from transcription_api.settings import ApiSettings, LogLevel

PROG = "python -m transcription_api"
FLAG_SETTINGS = ("host", "port", "log_level")


def shown_default(value: object) -> str:
    if value is None or value == frozenset():
        return "none"
    return str(value).lower() if isinstance(value, bool) else str(value)


def settings_help(settings: type[BaseSettings]) -> str:
    """Every variable the settings class reads, with its default and description, for ``--help``."""
    prefix = settings.model_config.get("env_prefix", "")
    lines = ["settings (environment variables, or NAME=value lines of the --env-file):"]
    for name, field in settings.model_fields.items():
        default = field.get_default(call_default_factory=True)
        lines.append(f"  {prefix + name.upper():<34} {shown_default(default):<18} {field.description or ''}".rstrip())
    return "\n".join(lines)


def existing_file(value: str) -> Path:
    """argparse type: a file that exists (pydantic-settings would silently skip a missing env file)."""
    path = Path(value)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {value}")
    return path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Transcription service: streamed uploads, a durable job queue, WhisperX with speakers.",
        epilog=f"{settings_help(ApiSettings)}\n\nMeanings and examples: transcription_api/README.md.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", help="address to listen on (TRANSCRIBE_HOST; default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (TRANSCRIBE_PORT; default 8000)")
    parser.add_argument(
        "--env-file", type=existing_file, metavar="FILE", help="read TRANSCRIBE_* settings from FILE as well"
    )
    parser.add_argument(
        "--log-level", type=str.lower, choices=get_args(LogLevel), help="TRANSCRIBE_LOG_LEVEL; default info"
    )
    return parser


def settings_from_command_line(argv: Sequence[str] | None = None) -> ApiSettings:
    """Parse ``argv`` (exit 2 with a message on a bad flag) and build the settings; exit 1 on invalid settings."""
    return settings_from_args(build_parser().parse_args(argv), FLAG_SETTINGS, "transcription_api")


def settings_from_args(args: argparse.Namespace, flag_settings: Sequence[str], program: str) -> ApiSettings:
    """Settings from parsed flags (each named as its setting) over the environment and ``args.env_file``."""
    flags = {name: getattr(args, name) for name in flag_settings if getattr(args, name) is not None}
    try:
        return ApiSettings(_env_file=args.env_file, **flags)  # type: ignore[call-arg]
    except ValidationError as exc:
        raise SystemExit(f"{program} cannot start: {exc}") from None
