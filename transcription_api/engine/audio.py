"""Media probing and decoding with ffmpeg as a subprocess, confined to the uploaded file (see confined_ffmpeg)."""

from __future__ import annotations

import math
import re
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np

from confined_ffmpeg import FfmpegTimeout, ffmpeg_exe, input_args, opened, run
from transcription_api.engine.errors import MediaError
from transcription_api.engine.types import SAMPLE_RATE

MIN_DURATION_S = 0.5
PROBE_TIMEOUT_S = 60.0  # reading a container's header takes well under a second
DECODE_TIMEOUT_S = 1800.0  # default of TRANSCRIBE_FFMPEG_TIMEOUT_S
NOT_A_RECORDING = (
    "The file is not an audio or video recording (or not one in a container this service reads). "
    "Send a recording such as MP3, M4A, OGG, WAV, WEBM or MP4."
)
_DURATION_RE = re.compile(r"Duration:\s*(\d+):(\d+):(\d+(?:\.\d+)?)")
_AUDIO_RE = re.compile(r"Stream #\S+.*?: Audio: (\w+)")
_VIDEO_RE = re.compile(r"Stream #\S+.*?: Video: ")


@dataclass(frozen=True, slots=True)
class MediaInfo:
    duration: float | None
    audio_codec: str
    has_video: bool


def probe_args(path: Path) -> list[str]:
    return ["-hide_banner", *input_args(path)]


def parse_probe(stderr: str, size: int) -> MediaInfo:
    """Turn ffmpeg's description of an input into MediaInfo, or a MediaError that says what is wrong."""
    if size == 0:
        raise MediaError("The uploaded file is empty.")
    if "moov atom not found" in stderr and "misdetection possible" not in stderr:
        raise MediaError("The file is truncated or damaged: its MP4/MOV index is missing (incomplete upload?).")
    if not opened(stderr):
        raise MediaError(NOT_A_RECORDING, unsupported=True)
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


async def probe_async(path: Path, timeout_s: float = PROBE_TIMEOUT_S) -> MediaInfo:
    """Describe the media at ``path`` without blocking the event loop."""
    try:
        finished = await run(probe_args(path), timeout_s)
    except FfmpegTimeout:
        raise MediaError(
            f"Reading the file's format took longer than {timeout_s:g} s; it is damaged or not a recording."
        ) from None
    return parse_probe(finished.stderr, path.stat().st_size)


def decode(
    path: Path,
    timeout_s: float = DECODE_TIMEOUT_S,
    check: Callable[[], None] | None = None,
    max_seconds: float | None = None,
) -> np.ndarray:
    """The first audio track of ``path`` as 16 kHz mono float32 in memory (short recordings, benchmarks): see
    ``decode_to_file``, which the engine uses so that a recording of any length never sits in memory whole."""
    with tempfile.TemporaryDirectory(prefix="decode-") as folder:
        pcm = decode_to_file(path, Path(folder) / "audio.pcm", timeout_s, check, max_seconds)
        return pcm.read(0, pcm.samples)


def decode_to_file(
    path: Path,
    dest: Path,
    timeout_s: float = DECODE_TIMEOUT_S,
    check: Callable[[], None] | None = None,
    max_seconds: float | None = None,
) -> PcmFile:
    """Decode the first audio track of ``path`` into ``dest`` as 16 kHz mono 16-bit PCM (ffmpeg writes it there
    directly, nothing passes through memory). ``check`` runs about once a second while ffmpeg works and may raise
    to stop it (cancellation); ffmpeg is killed past ``timeout_s``. Either way it is reaped. With ``max_seconds``,
    decoding stops one second past it (the caller checks the length: see engine.limits). The caller deletes
    ``dest``, also when this raises."""
    if not Path(path).exists():
        raise MediaError("The uploaded file is no longer on disk; upload it again.")
    cmd = [
        ffmpeg_exe(),
        "-nostdin",
        "-v",
        "error",
        *input_args(path),
        "-map",
        "0:a:0",
        "-vn",
        "-ac",
        "1",
        "-ar",
        str(SAMPLE_RATE),
        "-f",
        "s16le",
        "pipe:1",
    ]
    if max_seconds is not None:
        cmd[-1:-1] = ["-t", str(math.ceil(max_seconds) + 1)]  # an output option: stop writing past the limit
    with open(dest, "wb") as out:
        err, returncode = _run_until_done(cmd, out, timeout_s, check or (lambda: None))
    pcm = PcmFile(dest)
    if returncode != 0 and not pcm.samples:
        if not opened(err):
            raise MediaError(NOT_A_RECORDING, unsupported=True)
        detail = err.strip().splitlines()[-1:] or ["unknown error"]
        raise MediaError(f"The audio could not be decoded: {detail[0]}")
    if pcm.samples < MIN_DURATION_S * SAMPLE_RATE:
        raise MediaError(
            f"The recording holds {pcm.samples / SAMPLE_RATE:.2f} s of audio; at least {MIN_DURATION_S} s is needed."
        )
    return pcm


class PcmFile:
    """Decoded audio on disk (16 kHz mono int16), read a stretch at a time as float32 (never mapped whole)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.samples = path.stat().st_size // 2

    @property
    def seconds(self) -> float:
        return self.samples / SAMPLE_RATE

    def read(self, first: int, stop: int) -> np.ndarray:
        """Samples ``first``..``stop`` (clipped to the recording) as float32 in [-1, 1)."""
        first, stop = max(0, first), min(stop, self.samples)
        if stop <= first:
            return np.zeros(0, np.float32)
        with open(self.path, "rb") as handle:
            handle.seek(first * 2)
            raw = np.fromfile(handle, dtype="<i2", count=stop - first)
        return raw.astype(np.float32) / 32768.0


def _run_until_done(cmd: list[str], out: IO[bytes], timeout_s: float, check: Callable[[], None]) -> tuple[str, int]:
    deadline = time.monotonic() + timeout_s
    with subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE) as proc:
        try:
            while True:
                try:
                    _, err = proc.communicate(timeout=min(1.0, max(deadline - time.monotonic(), 0.01)))
                    return err.decode("utf-8", "replace"), proc.returncode
                except subprocess.TimeoutExpired:
                    check()
                    if time.monotonic() >= deadline:
                        raise MediaError(
                            f"Decoding the recording took longer than {timeout_s:g} s "
                            "(TRANSCRIBE_FFMPEG_TIMEOUT_S); the file may be damaged."
                        ) from None
        finally:
            if proc.poll() is None:
                proc.kill()  # the context manager then reaps it
