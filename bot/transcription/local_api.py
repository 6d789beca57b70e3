"""Start the transcription service on this machine for the CLI when none is reachable (packaged model)."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from bot.shared.errors import TranscriptionUnavailable


def available() -> bool:
    return importlib.util.find_spec("transcription_api") is not None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _wait_healthy(url: str, proc: asyncio.subprocess.Process, timeout: float) -> None:
    async with httpx.AsyncClient(trust_env=False) as client:
        for _ in range(int(timeout * 2)):
            if proc.returncode is not None:
                raise TranscriptionUnavailable(f"the local transcription service exited ({proc.returncode})")
            try:
                if (await client.get(f"{url}/health", timeout=2)).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.5)
    raise TranscriptionUnavailable("the local transcription service did not start in time")


@asynccontextmanager
async def local_transcription_api(data_dir: Path, timeout: float = 600.0) -> AsyncIterator[str]:
    """``python -m transcription_api`` on a free local port; yields its URL and stops it afterwards."""
    port = _free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        TRANSCRIBE_HOST="127.0.0.1",
        TRANSCRIBE_PORT=str(port),
        TRANSCRIBE_DATA_DIR=str(data_dir),
        TRANSCRIBE_LOG_LEVEL=env.get("TRANSCRIBE_LOG_LEVEL", "warning"),
        HF_HUB_OFFLINE="1",
        PYANNOTE_METRICS_ENABLED="false",
    )
    with (data_dir / "service.log").open("ab") as log:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "transcription_api", env=env, stdout=log, stderr=log
        )
    url = f"http://127.0.0.1:{port}"
    try:
        await _wait_healthy(url, proc, timeout)
        yield url
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 30)
            except TimeoutError:
                proc.kill()
                await proc.wait()
