"""A real Redis server (Debian's redis-server, installed by scripts/setup.sh) on a free port, for the distributed
mode's tests, run the way docker/compose.yaml runs it: a password (requirepass) and the append-only file on
(fsync every second), its files in a temporary folder, stopped with the test session."""

from __future__ import annotations

import secrets
import shutil
import subprocess
import time
from pathlib import Path

import redis

from tests.fakes.serving import free_port


class RedisServer:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.password = secrets.token_hex(16)
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    @property
    def address(self) -> str:
        """The URL without credentials (the password then comes from TRANSCRIBE_QUEUE_PASSWORD)."""
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, password=self.password, decode_responses=True)

    def start(self, timeout: float = 30.0) -> RedisServer:
        exe = shutil.which("redis-server")
        assert exe, "redis-server is needed for the distributed mode's tests (scripts/setup.sh installs it)"
        self.directory.mkdir(parents=True, exist_ok=True)
        command = [
            exe,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--requirepass",
            self.password,
            "--save",
            "",
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
            "--dir",
            str(self.directory),
            "--logfile",
            str(self.directory / "redis.log"),
        ]
        self._proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return self
            except redis.ConnectionError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(timeout=20)
            self._proc = None
