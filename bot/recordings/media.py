"""Audio for the transcription service: video is reduced to a small audio track by an ffmpeg subprocess that may
open only the recording itself, as a real audio/video container (see confined_ffmpeg)."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.shared.errors import MediaError, NotARecording
from confined_ffmpeg import FfmpegTimeout, Finished, input_args, opened, run

VIDEO_KINDS = frozenset({"video", "video_note"})
_NO_AUDIO = ("does not contain any stream", "matches no streams")


def needs_extraction(source_kind: str, mime_type: str | None) -> bool:
    return source_kind in VIDEO_KINDS or (mime_type or "").startswith("video/")


def extraction_args(source: Path, target: Path) -> list[str]:
    """Mono 16 kHz Opus of the first audio track (a 2 GB video becomes a few MB)."""
    return [
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        *input_args(source),
        "-map",
        "0:a:0",
        "-vn",
        "-ac",
        "1",
        "-ar",
        "16000",
        "-c:a",
        "libopus",
        "-b:a",
        "32k",
        "-f",
        "ogg",
        f"file:{target.absolute()}",
    ]


async def extract_audio(source: Path, target: Path, timeout_s: float) -> None:
    """Write the audio track of ``source`` to ``target``; a subprocess, never in the event loop, killed past
    ``timeout_s`` or when the call is cancelled."""
    try:
        finished = await run(extraction_args(source, target), timeout_s)
    except FfmpegTimeout:
        raise MediaError(f"reading it took longer than {timeout_s:g} s") from None
    if finished.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        raise _failure(finished, source)


def _failure(finished: Finished, source: Path) -> MediaError:
    if not opened(finished.stderr):
        return NotARecording("not an audio or video container")
    if any(marker in finished.stderr for marker in _NO_AUDIO):
        return MediaError("it has no audio track")
    line = finished.last_line() or "no audio track"
    return MediaError(line.replace(str(source.absolute()), source.name))  # the path may hold the bot token


@asynccontextmanager
async def audio_for_upload(
    source: Path, source_kind: str, mime_type: str | None, work_dir: Path, timeout_s: float
) -> AsyncIterator[Path]:
    """The path to upload: the source itself for audio, a temporary audio track for video (deleted after)."""
    if not needs_extraction(source_kind, mime_type):
        yield source
        return
    work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_dir, prefix="audio-") as tmp:
        target = Path(tmp) / "audio.ogg"
        await extract_audio(source, target, timeout_s)
        yield target
