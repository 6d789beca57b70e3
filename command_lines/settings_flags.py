"""The flags every command line takes for its settings (``--env-file``, ``--log-level``), and the settings made
from them. Precedence: flags > environment variables > the env file > defaults (pydantic-settings puts values
passed to the class above every source)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError
from pydantic_settings import BaseSettings

S = TypeVar("S", bound=BaseSettings)


def existing_file(value: str) -> Path:
    """argparse type: a file that exists (pydantic-settings would silently skip a missing env file)."""
    path = Path(value)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {value}")
    return path


def add_settings_flags(
    parser: argparse.ArgumentParser, settings: type[BaseSettings], log_levels: Sequence[str], log_default: str
) -> None:
    """``--env-file FILE`` and ``--log-level L`` for the settings class ``settings``."""
    prefix = settings.model_config.get("env_prefix", "")
    parser.add_argument(
        "--env-file", type=existing_file, metavar="FILE", help=f"read {prefix}* settings from FILE as well"
    )
    parser.add_argument(
        "--log-level", type=str.lower, choices=log_levels, help=f"{prefix}LOG_LEVEL; default {log_default}"
    )


def settings_from_flags(settings: type[S], program: str, env_file: Path | None, flags: Mapping[str, object]) -> S:
    """``settings`` from the flags given (None = not given), the environment, ``env_file`` and the defaults; exits
    with ``program cannot start: …`` when they are invalid."""
    given = {name: value for name, value in flags.items() if value is not None}
    try:
        return settings(_env_file=env_file, **given)  # type: ignore[call-arg, arg-type]
    except ValidationError as exc:
        raise SystemExit(f"{program} cannot start: {exc}") from None
