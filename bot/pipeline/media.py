"""Audio for the transcription service: video is reduced to a small audio track by an ffmpeg subprocess."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.errors import MediaError

VIDEO_KINDS = frozenset({"video", "video_note"})


def ffmpeg_exe() -> str:
    import imageio_ffmpeg  # the wheel ships a static binary; imported lazily

    return imageio_ffmpeg.get_ffmpeg_exe()


def needs_extraction(source_kind: str, mime_type: str | None) -> bool:
    return source_kind in VIDEO_KINDS or (mime_type or "").startswith("video/")


async def extract_audio(source: Path, target: Path) -> None:
    """Mono 16 kHz Opus (a 2 GB video becomes a few MB); runs as a subprocess, never in the event loop."""
    proc = await asyncio.create_subprocess_exec(
        ffmpeg_exe(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", str(source),
        "-vn", "-ac", "1", "-ar", "16000", "-c:a", "libopus", "-b:a", "32k", str(target),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        _, stderr = await proc.communicate()
    except asyncio.CancelledError:
        proc.kill()
        await proc.wait()
        raise
    if proc.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        message = stderr.decode(errors="replace").strip().splitlines()
        raise MediaError(message[-1] if message else "no audio track")


@asynccontextmanager
async def audio_for_upload(
    source: Path, source_kind: str, mime_type: str | None, work_dir: Path
) -> AsyncIterator[Path]:
    """The path to upload: the source itself for audio, a temporary audio track for video (deleted after)."""
    if not needs_extraction(source_kind, mime_type):
        yield source
        return
    work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_dir, prefix="audio-") as tmp:
        target = Path(tmp) / "audio.ogg"
        await extract_audio(source, target)
        yield target
