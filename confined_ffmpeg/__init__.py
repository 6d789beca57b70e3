"""ffmpeg confined to the one file it is given: how both processes run ffmpeg on a user's recording.

ffmpeg decides from a file's content how to open it, and some "formats" are instructions to read other files: an
ffconcat script, an HLS playlist, an image-sequence pattern. Sent as a "video", such a file makes ffmpeg read the
recording beside it (another user's). So every input on user data is opened

* through the ``file`` protocol only (``-protocol_whitelist file``) and named ``file:<absolute path>``, so a name is
  never read as ``concat:``, ``subfile:``, ``http:`` or an option, and nothing the file names can be fetched;
* by one of the real audio/video container demuxers in :data:`DEMUXERS` (``-format_whitelist``): a playlist, script,
  image, subtitle, SDP or raw stream is refused before any of it is followed.

The bot (audio extraction) and the transcription service (probe, decode) both import this package; it needs only the
standard library and imageio-ffmpeg, a dependency of every install of the project (either extra).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Demuxer names as the bundled ffmpeg spells them (`ffmpeg -demuxers`). A demuxer with several names
# ("mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm") is allowed when any one of them is listed.
DEMUXERS: tuple[str, ...] = (
    "ogg",  # Telegram voice notes, .ogg/.oga/.opus/.spx
    "matroska",
    "webm",  # .mkv/.mka/.webm
    "mov",
    "mp4",
    "m4a",
    "3gp",
    "3g2",  # .mp4/.m4a/.mov/.3gp, round videos, iPhone memos
    "mp3",  # also MPEG-1/2 layer I/II audio
    "wav",
    "w64",
    "flac",
    "aac",  # raw ADTS
    "ac3",
    "eac3",
    "dts",
    "amr",  # phone call recorders
    "asf",  # .wma/.wmv
    "avi",
    "flv",
    "mpegts",  # .ts/.mts/.m2ts
    "mpeg",  # program streams: .mpg/.vob
    "caf",
    "aiff",
    "au",
    "wv",  # WavPack
    "ape",  # Monkey's Audio
)


@cache
def ffmpeg_exe() -> str:
    """The static ffmpeg binary shipped in the imageio-ffmpeg wheel (or ``IMAGEIO_FFMPEG_EXE``)."""
    import imageio_ffmpeg  # imported lazily: nothing heavy at import time

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def input_args(path: Path) -> list[str]:
    """The options that open ``path`` as a recording and nothing else, ending with its ``-i``."""
    return [
        "-protocol_whitelist",
        "file",
        "-format_whitelist",
        ",".join(DEMUXERS),
        "-i",
        f"file:{os.path.abspath(path)}",
    ]


def opened(stderr: str) -> bool:
    """Whether ffmpeg got past opening its input. When it did not, the input is not one of the allowed containers:
    a format or protocol outside the lists ("not on whitelist"), no format at all ("Invalid data found"), a weak
    guess that failed ("misdetection possible"), or a container too damaged to open."""
    return "Error opening input" not in stderr


class FfmpegTimeout(Exception):
    """ffmpeg ran past its time limit; it was killed and reaped."""


@dataclass(frozen=True, slots=True)
class Finished:
    returncode: int
    stdout: bytes
    stderr: str

    def last_line(self) -> str:
        lines = self.stderr.strip().splitlines()
        return lines[-1] if lines else ""


async def run(args: Sequence[str], timeout_s: float, *, capture_stdout: bool = False) -> Finished:
    """ffmpeg with ``args`` as a subprocess, never blocking the event loop; killed and reaped when it runs past
    ``timeout_s`` (:class:`FfmpegTimeout`) or when the awaiting task is cancelled."""
    proc = await asyncio.create_subprocess_exec(
        ffmpeg_exe(),
        "-nostdin",
        *args,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE if capture_stdout else asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with asyncio.timeout(timeout_s):
            out, err = await proc.communicate()
    except TimeoutError:
        raise FfmpegTimeout(f"ffmpeg did not finish within {timeout_s:g} s") from None
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    return Finished(proc.returncode or 0, out or b"", err.decode("utf-8", "replace"))
