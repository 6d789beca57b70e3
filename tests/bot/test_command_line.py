"""``python -m bot`` and ``python -m bot.cli`` as an operator runs them: ``--help``, flags over environment over env
file, and a clear refusal of a bad flag. Every run is a real subprocess."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.shared.settings import BotSettings
from tests.fakes.bot_api import BotApiEmulator
from tests.fakes.serving import free_port
from tests.support.transcription_service import REPO_ROOT
from tests.transcription_api.test_command_line import ENGINE_MODULES, imported_modules

CLI = "python -m bot.cli"


def clean_env(**variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "OPENAI"))}
    env.update(PYTHONPATH=str(REPO_ROOT), **variables)
    return env


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO_ROOT, env=env or clean_env(), capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("command", "flags"),
    [
        (["-m", "bot"], ["[ENV_FILE]", "--env-file FILE", "--log-level"]),
        (["-m", "bot.cli", "process"], ["--env-file FILE", "--log-level", "--api-url", "--database", "--no-local-api"]),
    ],
    ids=["bot", "bot.cli"],
)
def test_help_lists_the_flags_and_every_setting_without_loading_the_engine(
    command: list[str], flags: list[str]
) -> None:
    result = run("-X", "importtime", *command, "--help")
    assert result.returncode == 0, result.stderr[-2000:]
    for flag in flags:
        assert flag in result.stdout
    for name in BotSettings.model_fields:
        assert f"\n  BOT_{name.upper()} " in result.stdout
    assert "BOT_DATABASE_PATH              data/bot.sqlite3" in result.stdout  # with its default
    assert imported_modules(result.stderr) & ENGINE_MODULES == set()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-m", "bot", "--bogus"], "python -m bot: error: unrecognized arguments: --bogus"),
        (["-m", "bot", "missing.env"], "python -m bot: error: argument ENV_FILE: no such file: missing.env"),
        (["-m", "bot.cli", "process", "call.ogg", "--bogus"], f"{CLI}: error: unrecognized arguments: --bogus"),
        (["-m", "bot.cli", "--bogus", "process", "call.ogg"], f"{CLI}: error: unrecognized arguments: --bogus"),
        (
            ["-m", "bot.cli", "process", "call.ogg", "--env-file", "missing.env"],
            f"{CLI} process: error: argument --env-file: no such file: missing.env",
        ),
    ],
)
def test_a_bad_flag_is_refused_with_a_message(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_the_env_file_is_given_once(tmp_path: Path) -> None:
    env_file = tmp_path / "bot.env"
    env_file.write_text("", encoding="utf-8")
    result = run("-m", "bot", str(env_file), "--env-file", str(env_file))
    assert result.returncode == 2
    assert "python -m bot: error: give the env file once: as ENV_FILE or as --env-file FILE" in result.stderr


def test_the_bot_without_a_token_says_where_to_put_one() -> None:
    result = run("-m", "bot")
    assert result.returncode == 1
    assert result.stderr.startswith("BOT_TELEGRAM_TOKEN is not set: create a bot with @BotFather")
    assert "cp env/bot.env.example env/bot.env" in result.stderr


async def wait_until_started(proc: asyncio.subprocess.Process, emulator: BotApiEmulator, log: Path) -> None:
    """Until the bot registered its commands (both languages) with the emulator; fails early if it exits."""
    started = asyncio.ensure_future(emulator.wait_for(lambda: emulator.method_count("setMyCommands") == 2, 60))
    exited = asyncio.ensure_future(proc.wait())
    await asyncio.wait({started, exited}, return_when=asyncio.FIRST_COMPLETED)
    if not started.done():
        started.cancel()
        pytest.fail(f"the bot exited with {proc.returncode} before it started: {log.read_text()[-2000:]}")
    exited.cancel()
    started.result()


@pytest.mark.parametrize("form", ["--env-file FILE", "ENV_FILE"])
async def test_the_bot_reads_its_env_file_and_flags_beat_the_environment(
    tmp_path: Path, emulator: BotApiEmulator, form: str
) -> None:
    env_file = tmp_path / "bot.env"
    env_file.write_text(
        f"BOT_TELEGRAM_TOKEN={emulator.token}\nBOT_TELEGRAM_API_URL={emulator.base_url}\n"
        f"BOT_TELEGRAM_FILE_URL={emulator.file_url}\nBOT_TELEGRAM_LOCAL_MODE=true\n"
        f"BOT_DATABASE_PATH={tmp_path / 'from-file.sqlite3'}\nBOT_WORK_DIR={tmp_path / 'work'}\nBOT_LOG_LEVEL=error\n",
        encoding="utf-8",
    )
    env = clean_env(BOT_DATABASE_PATH=str(tmp_path / "from-env.sqlite3"), BOT_LOG_LEVEL="warning")
    given = ["--env-file", str(env_file)] if form.startswith("--") else [str(env_file)]
    log = tmp_path / "bot.log"
    with log.open("wb") as out:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *given, "--log-level", "debug", cwd=REPO_ROOT, env=env, stdout=out, stderr=out
        )
    try:
        await wait_until_started(proc, emulator, log)  # token and Bot API URL came from the env file
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGINT)
        code = await asyncio.wait_for(proc.wait(), 30)
    assert code == 0, log.read_text()[-2000:]
    assert (tmp_path / "from-env.sqlite3").is_file()  # the environment beats the env file
    assert not (tmp_path / "from-file.sqlite3").exists()
    assert " DEBUG telegram.ext" in log.read_text()  # --log-level beats BOT_LOG_LEVEL in both


@pytest.mark.parametrize(
    ("flag", "environment", "expected"),
    [("flag", "env", "flag"), (None, "env", "env"), (None, None, "file")],
    ids=["flag-beats-environment", "environment-beats-file", "file-beats-default"],
)
def test_the_cli_takes_the_service_url_from_flag_environment_or_env_file(
    tmp_path: Path, flag: str | None, environment: str | None, expected: str
) -> None:
    urls = {source: f"http://127.0.0.1:{free_port()}" for source in ("flag", "env", "file")}
    env_file = tmp_path / "bot.env"
    env_file.write_text(f"BOT_TRANSCRIPTION_API_URL={urls['file']}\n", encoding="utf-8")
    recording = tmp_path / "call.ogg"  # never read: the unreachable service stops the CLI first
    recording.write_bytes(b"OggS")
    env = clean_env(**({"BOT_TRANSCRIPTION_API_URL": urls["env"]} if environment else {}))
    args = ["-m", "bot.cli", "process", str(recording), "--no-local-api", "--env-file", str(env_file)]
    result = run(*args, *(["--api-url", urls["flag"]] if flag else []), "--log-level", "debug", env=env)
    assert result.returncode == 1
    assert f"({urls[expected]}: ConnectError" in result.stderr
    port = urls[expected].rsplit(":", 1)[1]
    assert f"DEBUG httpcore.connection: connect_tcp.started host='127.0.0.1' port={port}" in result.stderr
