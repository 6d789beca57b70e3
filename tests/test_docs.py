"""The documentation matches the code: every setting is in the README tables and in its env example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.shared.settings import BotSettings
from transcription_api.settings import ApiSettings

ROOT = Path(__file__).resolve().parents[1]
SERVICES = [(BotSettings, "BOT_", "bot.env.example"), (ApiSettings, "TRANSCRIBE_", "transcription_api.env.example")]


def variables(settings: type, prefix: str) -> set[str]:
    return {prefix + name.upper() for name in settings.model_fields}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("settings", "prefix", "example"), SERVICES, ids=["bot", "transcription_api"])
def test_every_setting_is_documented(settings: type, prefix: str, example: str) -> None:
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(rf"`({prefix}[A-Z0-9_]+)`", readme))
    assert variables(settings, prefix) - documented == set(), "missing from the README's configuration tables"
    assert documented - variables(settings, prefix) == set(), "README names unknown ones"
    listed = set(re.findall(rf"^#?\s*({prefix}[A-Z0-9_]+)=", (ROOT / "env" / example).read_text(), re.M))
    assert variables(settings, prefix) - listed == set(), f"missing from env/{example}"


def test_the_two_commands_exist_and_ci_runs_the_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "scripts/demo.sh [RECORDING]" in readme and "scripts/test.sh" in readme
    assert (ROOT / "scripts" / "demo.sh").is_file() and (ROOT / "samples" / "meeting.ogg").is_file()
    assert "exec bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text()


# Where the speed benchmark's figure is quoted: the README's table row, and a paragraph in the other two.
SPEED_QUOTES = [("README.md", "line"), ("docker/README.md", "paragraph"), ("transcription_api/README.md", "paragraph")]


def speed_quote(path: str, unit: str) -> tuple[str, str]:
    """The "N× real time" figure and the date quoted next to `benchmarks/transcription_speed.py`."""
    text = (ROOT / path).read_text()
    (part,) = [p for p in (text.splitlines() if unit == "line" else text.split("\n\n")) if "transcription_speed" in p]
    figures = re.findall(r"\d+(?:\.\d+)?(?:–\d+(?:\.\d+)?)?× real time", part)  # "6.7×" or a range "4.9–8.4×"
    dates = re.findall(r"\d{4}-\d\d-\d\d", part)
    assert figures and dates, f"{path}: no figure or date next to the speed benchmark: {part}"
    return figures[0], dates[0]


def test_the_docs_quote_the_same_measured_speed() -> None:
    quotes = {path: speed_quote(path, unit) for path, unit in SPEED_QUOTES}
    assert len(set(quotes.values())) == 1, quotes
