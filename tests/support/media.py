"""Synthesized test recordings: two espeak-ng voices, packed as wav/ogg/mp4 with the bundled ffmpeg."""

from __future__ import annotations

import subprocess
from pathlib import Path

import imageio_ffmpeg

LINES = (
    (
        "en-us",
        "50",
        "Hello team. We decided to ship the new release on Friday. Alice will send the report by Monday.",
    ),
    ("en+f3", "80", "Thanks Alice. Who pays for the hosting costs? We still need an answer on that."),
)


def ffmpeg(*args: str) -> None:
    exe = imageio_ffmpeg.get_ffmpeg_exe()
    subprocess.run([exe, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def synthesize_call(target: Path, repeats: int = 1) -> Path:
    """A two-speaker wav: each voice says its line, ``repeats`` times over."""
    parts = []
    for i, (voice, pitch, text) in enumerate(LINES * repeats):
        part = target.with_name(f"{target.stem}-part{i}.wav")
        subprocess.run(
            ["espeak-ng", "-v", voice, "-p", pitch, "-s", "150", "-w", str(part), text], check=True
        )
        parts.append(str(part))
    subprocess.run(["sox", *parts, "-r", "16000", "-c", "1", str(target)], check=True)
    for part in parts:
        Path(part).unlink()
    return target


def to_voice_note(wav: Path, target: Path) -> Path:
    ffmpeg("-i", str(wav), "-c:a", "libopus", "-b:a", "24k", str(target))
    return target


def to_video(wav: Path | None, target: Path, size: str = "160x120") -> Path:
    """An mp4 with ``wav`` as its sound track; ``None`` makes a 3-second video with no audio at all."""
    picture = ["-f", "lavfi", "-i", f"color=c=blue:s={size}:r=5"]
    if wav is None:
        ffmpeg(*picture, "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", str(target))
    else:
        ffmpeg(*picture, "-i", str(wav), "-shortest", "-c:v", "libx264", "-preset", "ultrafast",
               "-c:a", "aac", "-b:a", "48k", str(target))  # fmt: skip
    return target
