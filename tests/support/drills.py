"""Drills against the real service process: a stand-in ffmpeg (ffmpeg_drill.sh) that crashes the service or holds
the decode of recordings marked for it, and a gate that releases a held decode."""

from __future__ import annotations

import uuid
from pathlib import Path

import imageio_ffmpeg

from tests.speech import ffmpeg
from tests.support.waiting import wait_for

DRILL_FFMPEG = Path(__file__).with_name("ffmpeg_drill.sh")


def drill_settings(drill_dir: Path) -> dict[str, str]:
    """Environment that makes a TranscriptionService decode through the stand-in ffmpeg."""
    drill_dir.mkdir(parents=True, exist_ok=True)
    return {
        "IMAGEIO_FFMPEG_EXE": str(DRILL_FFMPEG),
        "DRILL_REAL_FFMPEG": imageio_ffmpeg.get_ffmpeg_exe(),
        "DRILL_DIR": str(drill_dir),
    }


def marked(source: Path, dest: Path, marker: str) -> Path:
    """A copy of ``source`` (same audio) whose metadata carries ``marker``."""
    ffmpeg("-i", str(source), "-c", "copy", "-metadata", f"comment={marker}", str(dest))
    return dest


def crash_marker() -> str:
    return f"DRILL-CRASH-{uuid.uuid4().hex[:8]}"


def hang_marker() -> str:
    return f"DRILL-HANG-{uuid.uuid4().hex[:8]}"


class Gate:
    """Holds the worker inside the decode of one marked recording until released."""

    def __init__(self, drill_dir: Path) -> None:
        self.name = uuid.uuid4().hex[:12]
        self._dir = drill_dir

    @property
    def marker(self) -> str:
        return f"DRILL-HOLD-{self.name}"

    def wait_held(self, timeout: float = 60) -> None:
        wait_for(lambda: (self._dir / f"{self.name}.held").exists(), timeout, "the worker to start the held decode")

    def rearm(self) -> None:
        """Forget that the decode was held, so that wait_held waits for the next run that reaches it."""
        (self._dir / f"{self.name}.held").unlink(missing_ok=True)

    def release(self) -> None:
        (self._dir / f"{self.name}.release").touch()
