"""The real transcription service (``python -m transcription_api``) as a subprocess for integration tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx

from tests.fakes.serving import free_port

REPO_ROOT = Path(__file__).resolve().parents[2]


class TranscriptionService:
    """By default CPU, packaged tiny.en model, one thread (the machine is shared with the bot under test);
    ``settings`` overrides any TRANSCRIBE_* variable (None removes it), ``args`` are command-line flags, and ``host``
    and ``port`` are where the service is expected to answer."""

    module = "transcription_api"

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        api_key: str | None = None,
        settings: Mapping[str, str | None] | None = None,
        args: Sequence[str] = (),
        host: str = "127.0.0.1",
    ) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.api_key = api_key
        self.settings = dict(settings or {})
        self.args = list(args)
        self.host = host
        self.log_path = data_dir.parent / f"transcription-{self.port}.log"
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            TRANSCRIBE_HOST="127.0.0.1",
            TRANSCRIBE_PORT=str(self.port),
            TRANSCRIBE_DATA_DIR=str(self.data_dir),
            TRANSCRIBE_MODEL="packaged-tiny.en",
            TRANSCRIBE_DEVICE="cpu",
            TRANSCRIBE_CPU_THREADS="1",
            TRANSCRIBE_API_KEY=self.api_key or "",
            TRANSCRIBE_LOG_LEVEL="warning",
            HF_HUB_OFFLINE="1",
            PYANNOTE_METRICS_ENABLED="false",
            PYTHONPATH=str(REPO_ROOT),
        )
        for name, value in self.settings.items():
            if value is None:
                env.pop(name, None)
            else:
                env[name] = value
        return env

    @property
    def running(self) -> bool:
        return self._proc is not None

    @property
    def pid(self) -> int:
        assert self._proc is not None, "not started"
        return self._proc.pid

    def launch(self) -> TranscriptionService:
        """Start the process without waiting for it to serve (as a supervisor restarts a service)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", self.module, *self.args]
        with self.log_path.open("ab") as log:
            self._proc = subprocess.Popen(command, cwd=REPO_ROOT, env=self.env(), stdout=log, stderr=log)
        return self

    def start(self, timeout: float = 180.0) -> TranscriptionService:
        return self.launch().wait_ready(timeout)

    def wait_ready(self, timeout: float = 180.0) -> TranscriptionService:
        """Wait until the launched process answers /health with 200 (it loads its model first)."""
        proc = self._proc
        assert proc is not None, "not launched"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"transcription service exited: {self.log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"transcription service did not start: {self.log_path.read_text()[-2000:]}")

    def stop(self) -> None:
        if self._proc is None:
            return
        self._proc.terminate()
        try:
            self._proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._proc = None

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks run, like a crash or a power cut."""
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None

    def wait_exit(self, timeout: float) -> int:
        """Wait for the process to end on its own; its exit status (the log's tail on a timeout)."""
        assert self._proc is not None, "not started"
        try:
            code = self._proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the service did not exit: {self.log_path.read_text()[-2000:]}") from None
        self._proc = None
        return code

    def health(self) -> dict[str, object]:
        return dict(httpx.get(f"{self.url}/health", timeout=10).json())

    def job_status(self, task_id: str) -> int | str:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        response = httpx.get(f"{self.url}/transcribe/status/{task_id}", headers=headers, timeout=10)
        return response.json()["status"] if response.status_code == 200 else response.status_code


class TranscriptionWorker(TranscriptionService):
    """A worker of the distributed mode (``python -m transcription_api.worker``); ``port`` is its /health and
    /metrics port, and ``settings`` must name the queue (TRANSCRIBE_QUEUE_URL)."""

    module = "transcription_api.worker"

    def env(self) -> dict[str, str]:
        env = super().env()
        env["TRANSCRIBE_WORKER_PORT"] = str(self.port)
        env["TRANSCRIBE_PORT"] = "9"  # not used by a worker
        return env

    def metric(self, name: str, labels: str = "") -> float:
        """One sample of its /metrics, e.g. ``metric("transcription_jobs_finished_total", 'status="completed"')``."""
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        text = httpx.get(f"{self.url}/metrics", headers=headers, timeout=10).text
        wanted = f"{name}{{{labels}}}" if labels else name
        for line in text.splitlines():
            sample, _, value = line.rpartition(" ")
            if sample == wanted:
                return float(value)
        return 0.0  # a labelled counter appears once it first counts
