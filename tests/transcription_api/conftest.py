"""A real transcription API under uvicorn (a subprocess) with the packaged model, and helpers to talk to it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.speech import MEETING, Dialogue, synthesize, tools_available

ROOT = Path(__file__).resolve().parents[2]
API_KEY = "test-key"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ApiProcess:
    """One `python -m transcription_api` process; can be killed and started again on the same data."""

    data_dir: Path
    env_extra: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 180.0) -> None:
        env = {
            **os.environ,
            "TRANSCRIBE_DATA_DIR": str(self.data_dir),
            "TRANSCRIBE_PORT": str(self.port),
            "TRANSCRIBE_LOG_LEVEL": "warning",
            **self.env_extra,
        }
        log = (self.data_dir.parent / f"{self.data_dir.name}.log").open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "transcription_api"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"transcription API exited with {self.proc.returncode}; see {log.name}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError("transcription API did not become healthy in time")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


class Client:
    """Small synchronous client for the /transcribe API."""

    def __init__(self, base_url: str, key: str | None = API_KEY) -> None:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.http = httpx.Client(base_url=base_url, headers=headers, timeout=60)

    def submit(self, path: Path, **fields: Any) -> httpx.Response:
        with path.open("rb") as handle:
            return self.http.post(
                "/transcribe/", files={"file": (path.name, handle)}, data={k: str(v) for k, v in fields.items()}
            )

    def submit_ok(self, path: Path, **fields: Any) -> str:
        response = self.submit(path, **fields)
        assert response.status_code == 200, response.text
        return str(response.json()["task_id"])

    def wait(self, task_id: str, timeout: float = 240.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.http.get(f"/transcribe/status/{task_id}").json()
            if status["status"] in ("completed", "failed", "cancelled"):
                return dict(self.http.get(f"/transcribe/result/{task_id}").json())
            time.sleep(0.3)
        raise AssertionError(f"job {task_id} did not finish in {timeout}s")


@pytest.fixture(scope="session")
def dialogue(tmp_path_factory: pytest.TempPathFactory) -> Dialogue:
    assert tools_available(), "espeak-ng and sox are needed (scripts/setup.sh installs them)"
    return synthesize(MEETING, tmp_path_factory.mktemp("speech") / "meeting.wav")


@pytest.fixture(scope="session")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiProcess]:
    """The shared service: API key on, 2 MB upload limit (so the 413 path is cheap to reach)."""
    server = ApiProcess(
        tmp_path_factory.mktemp("api") / "data", {"TRANSCRIBE_API_KEY": API_KEY, "TRANSCRIBE_MAX_UPLOAD_MB": "2"}
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture
def client(api: ApiProcess) -> Iterator[Client]:
    c = Client(api.url)
    yield c
    c.http.close()
