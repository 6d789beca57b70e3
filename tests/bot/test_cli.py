"""The CLI as a user runs it: a subprocess, no tokens, no LLM, and no transcription service running."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from bot.options.call_options import CallOptions
from bot.shared.html_lines import to_plain
from bot.summaries.summary import Summary
from bot.summaries.view import render_summary
from bot.texts import EN
from database import CallOrigin, Database
from tests.fakes.serving import free_port
from tests.support.transcription_service import REPO_ROOT


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "OPENAI"))}
    env.update(
        PYTHONPATH=str(REPO_ROOT),
        BOT_WORK_DIR=str(tmp_path / "work"),
        BOT_DATABASE_PATH=str(tmp_path / "bot.sqlite3"),  # the bot's: the CLI keeps its own beside it
        TRANSCRIBE_MODEL="packaged-tiny.en",  # the light packaged model keeps the shared test machine free
        TRANSCRIBE_CPU_THREADS="1",
    )
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "process", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


async def stored_summary(path: Path) -> Summary:
    db = await Database.open(path)
    try:
        (call,) = await db.calls.list_for_user(0)
        assert call.origin == CallOrigin.CLI  # a bot pointed at this file would never resume it
        assert await db.deletions.all() == []  # the service's copy was deleted once the transcript was stored
        stored = await db.summaries.get(0, call.id)
        assert stored is not None
        return Summary.model_validate_json(stored.content)
    finally:
        await db.aclose()


async def stored_options(path: Path) -> CallOptions:
    db = await Database.open(path)
    try:
        (call,) = await db.calls.list_for_user(0)
        return CallOptions.from_json(call.transcription_options)
    finally:
        await db.aclose()


async def test_cli_starts_a_local_service_and_prints_what_the_bot_would_send(
    tmp_path: Path, recordings: dict[str, Path]
) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    result = await asyncio.to_thread(
        run_cli,
        tmp_path,
        str(recordings["voice"]),
        "--api-url",
        dead,
        "--language",
        "en",
        "--out-dir",
        "out/new",
        "--speakers",
        "1",
        "--vocabulary",
        "Maria,\tDavid",  # two voices speak in it
    )
    assert result.returncode == 0, result.stderr
    assert "Starting a local transcription service" in result.stderr and "✅ Done in" in result.stderr
    assert not (tmp_path / "bot.sqlite3").exists()
    summary = await stored_summary(tmp_path / "cli.sqlite3")
    expected = "\n".join(to_plain(m) for m in render_summary(summary, EN))
    assert result.stdout == expected + "\n"
    assert result.stdout.startswith("Extractive summary (no language model configured")
    transcript = (tmp_path / "out" / "new" / "voice.txt").read_text()  # the folder is created
    assert transcript.startswith("[00:00] Speaker 1: ") and "friday" in transcript.lower()
    assert {line.split("] ")[1].split(":")[0] for line in transcript.splitlines()} == {"Speaker 1"}
    assert await stored_options(tmp_path / "cli.sqlite3") == CallOptions((1, 1), None, "Maria, David")


def test_cli_refuses_a_speaker_count_it_cannot_use(tmp_path: Path, recordings: dict[str, Path]) -> None:
    result = run_cli(tmp_path, str(recordings["voice"]), "--no-local-api", "--speakers", "0")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "python -m bot.cli process: error: argument --speakers: '0': auto, a count from 1 to 10 or a range such as 2-4"
    )


def test_cli_refuses_a_file_that_is_not_a_recording(tmp_path: Path, recordings: dict[str, Path]) -> None:
    result = run_cli(tmp_path, str(recordings["pdf"]), "--no-local-api")
    assert result.returncode == 2
    assert result.stderr.startswith("I can't process this.") and result.stdout == ""
