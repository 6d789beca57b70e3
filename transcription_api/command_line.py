"""Command line of the service: flags, ``--help`` with every setting, and the settings they make.

Parsed before anything heavy is imported. Precedence: flags > TRANSCRIBE_* environment variables > the env file >
defaults (pydantic-settings puts values passed to the class above every source).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import get_args

from command_lines.settings_flags import add_settings_flags, settings_from_flags
from command_lines.settings_help import settings_epilog
from transcription_api.settings import ApiSettings, LogLevel

PROG = "python -m transcription_api"
FLAG_SETTINGS = ("host", "port", "log_level")
SETTINGS_EPILOG = settings_epilog(ApiSettings, "the --env-file", (34, 18), "transcription_api/README.md")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Transcription service: streamed uploads, a durable job queue, WhisperX with speakers.",
        epilog=SETTINGS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", help="address to listen on (TRANSCRIBE_HOST; default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (TRANSCRIBE_PORT; default 8000)")
    add_settings_flags(parser, ApiSettings, get_args(LogLevel), "info")
    return parser


def settings_from_command_line(argv: Sequence[str] | None = None) -> ApiSettings:
    """Parse ``argv`` (exit 2 with a message on a bad flag) and build the settings; exit 1 on invalid settings."""
    return settings_from_args(build_parser().parse_args(argv), FLAG_SETTINGS, "transcription_api")


def settings_from_args(args: argparse.Namespace, flag_settings: Sequence[str], program: str) -> ApiSettings:
    """Settings from parsed flags (each named as its setting) over the environment and ``args.env_file``."""
    flags = {name: getattr(args, name) for name in flag_settings}
    return settings_from_flags(ApiSettings, program, args.env_file, flags)
