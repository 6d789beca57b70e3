"""The bot as a real OS process (``python -m bot``) configured through BOT_* environment variables."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from bot.shared.settings import BotSettings
from tests.support.transcription_service import REPO_ROOT


def settings_env(settings: BotSettings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
    for name, value in settings.model_dump().items():
        if value is None:
            continue
        if isinstance(value, frozenset):
            value = ",".join(str(v) for v in sorted(value))
        env[f"BOT_{name.upper()}"] = str(value)
    env["PYTHONPATH"] = str(REPO_ROOT)
    return env


class BotProcess:
    def __init__(self, settings: BotSettings, log_path: Path) -> None:
        self.settings = settings
        self.log_path = log_path
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> BotProcess:
        log = self.log_path.open("ab")
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=REPO_ROOT,
            env=settings_env(self.settings),
            stdout=log,
            stderr=log,
        )
        return self

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks run, like a crash or a power cut."""
        assert self._proc is not None
        self._proc.send_signal(signal.SIGKILL)
        self._proc.wait()

    def stop(self) -> int:
        assert self._proc is not None
        self._proc.send_signal(signal.SIGINT)
        try:
            return self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            return self._proc.wait()
