"""``python -m transcription_api`` as an operator runs it: ``--help``, flags over environment over env file, and a
clear refusal of a bad flag."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.fakes.serving import free_port
from tests.support.transcription_service import REPO_ROOT, TranscriptionService
from transcription_api.settings import ApiSettings

ENGINE_MODULES = {"torch", "whisperx", "faster_whisper", "ctranslate2", "pyannote", "resemblyzer"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRANSCRIBE_")}
    env["PYTHONPATH"] = str(REPO_ROOT)
    return subprocess.run([sys.executable, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)


def imported_modules(importtime_log: str) -> set[str]:
    """Top-level names of the modules a ``python -X importtime`` run imported (its stderr)."""
    rows = (line.rsplit("|", 1)[-1].strip() for line in importtime_log.splitlines() if line.startswith("import time:"))
    return {row.split(".")[0] for row in rows}


def test_help_lists_the_flags_and_every_setting_without_loading_the_engine() -> None:
    result = run("-X", "importtime", "-m", "transcription_api", "--help")
    assert result.returncode == 0, result.stderr[-2000:]
    for flag in ("--host HOST", "--port PORT", "--env-file FILE", "--log-level"):
        assert flag in result.stdout
    for name in ApiSettings.model_fields:
        assert f"\n  TRANSCRIBE_{name.upper()} " in result.stdout
    assert "TRANSCRIBE_PORT                    8000" in result.stdout  # with its default
    assert imported_modules(result.stderr) & ENGINE_MODULES == set()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--port", "eighty"], "argument --port: invalid int value: 'eighty'"),
        (["--env-file", "missing.env"], "argument --env-file: no such file: missing.env"),
        (["--log-level", "loud"], "argument --log-level: invalid choice: 'loud'"),
    ],
)
def test_a_bad_flag_is_refused_with_a_message(args: list[str], message: str) -> None:
    result = run("-m", "transcription_api", *args)
    assert result.returncode == 2
    assert f"python -m transcription_api: error: {message}" in result.stderr
    assert result.stdout == ""


def test_flags_beat_the_environment_which_beats_the_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / "service.env"
    env_file.write_text(
        "TRANSCRIBE_MODEL=packaged-tiny.en\nTRANSCRIBE_API_KEY=key-from-file\nTRANSCRIBE_HOST=127.0.0.1\n",
        encoding="utf-8",
    )
    port = free_port()
    service = TranscriptionService(
        tmp_path / "data",
        port=port,
        host="127.0.0.2",
        # The harness exports TRANSCRIBE_MODEL; removed here so that only the env file names the model.
        settings={
            "TRANSCRIBE_MODEL": None,
            "TRANSCRIBE_API_KEY": "key-from-env",
            "TRANSCRIBE_HOST": "127.0.0.1",
            "TRANSCRIBE_PORT": str(free_port()),
            "TRANSCRIBE_LOG_LEVEL": "warning",
        },
        args=["--host", "127.0.0.2", "--port", str(port), "--env-file", str(env_file), "--log-level", "info"],
    ).start()
    try:
        assert service.health()["model"] == "packaged-tiny.en"  # from the env file
        with pytest.raises(httpx.ConnectError):  # --host, not TRANSCRIBE_HOST
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)
        status = f"{service.url}/transcribe/status/{'0' * 32}"
        assert httpx.get(status, headers={"Authorization": "Bearer key-from-env"}).status_code == 404
        assert httpx.get(status, headers={"Authorization": "Bearer key-from-file"}).status_code == 401
        assert f"Uvicorn running on http://127.0.0.2:{port}" in service.log_path.read_text()  # --log-level info
    finally:
        service.stop()


def test_the_worker_lists_its_flags_and_refuses_to_start_without_a_queue() -> None:
    helped = run("-X", "importtime", "-m", "transcription_api.worker", "--help")
    assert helped.returncode == 0, helped.stderr[-2000:]
    for text in ("--port PORT", "--env-file FILE", "--log-level", "TRANSCRIBE_QUEUE_URL", "TRANSCRIBE_WORKER_PORT"):
        assert text in helped.stdout
    assert not imported_modules(helped.stderr) & (ENGINE_MODULES | {"celery"})
    refused = run("-m", "transcription_api.worker")
    assert refused.returncode == 1
    assert "transcription_api.worker needs TRANSCRIBE_QUEUE_URL (redis://…)" in refused.stderr
    bad = run("-m", "transcription_api.worker", "--colour")
    assert bad.returncode == 2 and "unrecognized arguments: --colour" in bad.stderr
