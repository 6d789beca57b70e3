"""Synthesized test recordings: two espeak-ng voices, packed as wav/ogg/mp4 with the bundled ffmpeg."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

import imageio_ffmpeg

VOICES = {"A": ("en-us+m3", "40"), "B": ("en-us+f3", "75")}
LINES = (
    ("A", "Hello team. We decided to ship the new release on Friday."),
    ("B", "Thanks. Who pays for the hosting costs?"),
    ("A", "Alice will send the report by Monday."),
    ("B", "Okay. We still need an answer on the hosting budget."),
)
GAP_S = "0.7"  # a pause between turns, as in a real call; the diarizer splits speech at pauses


def ffmpeg(*args: str) -> None:
    exe = imageio_ffmpeg.get_ffmpeg_exe()
    subprocess.run([exe, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def synthesize_call(target: Path, repeats: int = 1) -> Path:
    """A two-speaker 16 kHz mono wav: the voices take turns, ``repeats`` times over, with pauses between."""
    return synthesize_lines(target, LINES * repeats)


def synthesize_lines(target: Path, lines: Sequence[tuple[str, str]]) -> Path:
    """``(speaker, text)`` lines spoken by voices ``A``/``B`` into a 16 kHz mono wav, with pauses between."""
    parts = []
    for i, (speaker, text) in enumerate(lines):
        voice, pitch = VOICES[speaker]
        raw, part = target.with_name(f"{target.stem}-{i}-raw.wav"), target.with_name(f"{target.stem}-{i}.wav")
        subprocess.run(["espeak-ng", "-v", voice, "-p", pitch, "-s", "150", "-w", str(raw), text], check=True)
        subprocess.run(
            ["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(part), "pad", "0", GAP_S], check=True
        )
        raw.unlink()
        parts.append(str(part))
    subprocess.run(["sox", *parts, str(target)], check=True)
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
        ffmpeg(
            *picture,
            "-i",
            str(wav),
            "-shortest",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-c:a",
            "aac",
            "-b:a",
            "48k",
            str(target),
        )
    return target
