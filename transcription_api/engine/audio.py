"""Media probing and decoding with ffmpeg as a subprocess (the static binary from imageio-ffmpeg)."""

from __future__ import annotations

import asyncio
import math
import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from transcription_api.engine.errors import MediaError
from transcription_api.engine.types import SAMPLE_RATE

MIN_DURATION_S = 0.5
_DURATION_RE = re.compile(r"Duration:\s*(\d+):(\d+):(\d+(?:\.\d+)?)")
_AUDIO_RE = re.compile(r"Stream #\S+.*?: Audio: (\w+)")
_VIDEO_RE = re.compile(r"Stream #\S+.*?: Video: ")


@cache
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary shipped in the imageio-ffmpeg wheel (or FFMPEG_BINARY)."""
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


@dataclass(frozen=True, slots=True)
class MediaInfo:
    duration: float | None
    audio_codec: str
    has_video: bool


def probe_args(path: Path) -> list[str]:
    return [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)]


def parse_probe(stderr: str, size: int) -> MediaInfo:
    """Turn ffmpeg's description of an input into MediaInfo, or a MediaError that says what is wrong."""
    if size == 0:
        raise MediaError("The uploaded file is empty.")
    if "moov atom not found" in stderr:
        raise MediaError("The file is truncated or damaged: its MP4/MOV index is missing (incomplete upload?).")
    if "Error opening input" in stderr or "Invalid data found" in stderr:
        raise MediaError(
            "The file is not audio or video that can be decoded (ffmpeg: invalid data). "
            "Send a recording such as MP3, M4A, OGG, WAV, WEBM or MP4.",
            unsupported=True,
        )
    audio = _AUDIO_RE.search(stderr)
    if audio is None:
        raise MediaError("The file has no audio track, so there is nothing to transcribe.")
    duration = _parse_duration(stderr)
    if duration is not None and duration < MIN_DURATION_S:
        raise MediaError(f"The recording is {duration:.2f} s long; at least {MIN_DURATION_S} s of audio is needed.")
    return MediaInfo(duration=duration, audio_codec=audio.group(1), has_video=bool(_VIDEO_RE.search(stderr)))


def _parse_duration(stderr: str) -> float | None:
    match = _DURATION_RE.search(stderr)
    if match is None:
        return None
    hours, minutes, seconds = match.groups()
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


async def probe_async(path: Path) -> MediaInfo:
    """Describe the media at ``path`` without blocking the event loop."""
    proc = await asyncio.create_subprocess_exec(
        *probe_args(path), stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE
    )
    _, err = await proc.communicate()
    return parse_probe(err.decode("utf-8", "replace"), path.stat().st_size)


def decode(path: Path, max_seconds: float | None = None) -> np.ndarray:
    """Decode the first audio track of any container ffmpeg reads to 16 kHz mono float32.

    With ``max_seconds``, decoding stops one second past it (the caller checks the length: see engine.limits)."""
    cmd = [
        ffmpeg_exe(), "-nostdin", "-v", "error", "-i", str(path),
        "-map", "0:a:0", "-vn", "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "s16le", "-",
    ]  # fmt: skip
    if max_seconds is not None:
        cmd[-1:-1] = ["-t", str(math.ceil(max_seconds) + 1)]  # an output option: stop writing past the limit
    if not Path(path).is_file():
        raise MediaError("The uploaded file is no longer on disk; upload it again.")
    proc = subprocess.run(cmd, capture_output=True, check=False)
    if proc.returncode != 0 and not proc.stdout:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["unknown error"]
        raise MediaError(f"The audio could not be decoded: {detail[0]}")
    audio = np.frombuffer(proc.stdout, np.int16).astype(np.float32) / 32768.0
    if audio.size < MIN_DURATION_S * SAMPLE_RATE:
        raise MediaError(
            f"The recording holds {audio.size / SAMPLE_RATE:.2f} s of audio; at least {MIN_DURATION_S} s is needed."
        )
    return audio
