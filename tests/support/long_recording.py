"""A long recording assembled from synthesized dialogues placed on a silent (faintly noisy) track, with known turns.

Processing one costs what its speech costs (silence is skipped after VAD), so a 20-minute recording with a few
minutes of speech exercises block processing cheaply.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from tests.speech import RATE, Dialogue, Turn, ffmpeg


def place(dialogue: Dialogue, total_s: float, starts: list[tuple[float, int]], dest: Path) -> Dialogue:
    """``dialogue`` repeated ``times`` over (0.6 s apart) from each ``(start, times)``, in an Opus voice note of
    ``total_s`` seconds."""
    speech = read_wav(dialogue.path)
    length = len(speech) / RATE
    track = np.random.default_rng(3).normal(0.0, 10 ** (-60 / 20), int(total_s * RATE)).astype(np.float32)
    turns: list[Turn] = []
    for start, times in starts:
        for copy in range(times):
            offset = start + copy * (length + 0.6)
            first = round(offset * RATE)
            track[first : first + len(speech)] += speech
            turns += [
                Turn(t.speaker, t.text, round(t.start + offset, 3), round(t.end + offset, 3)) for t in dialogue.turns
            ]
    wav = dest.with_suffix(".wav")
    write_wav(track, wav)
    ffmpeg("-i", str(wav), "-c:a", "libopus", "-b:a", "32k", str(dest))
    wav.unlink()
    return Dialogue(dest, turns)


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as handle:
        assert handle.getframerate() == RATE and handle.getnchannels() == 1
        return np.frombuffer(handle.readframes(handle.getnframes()), "<i2").astype(np.float32) / 32768.0


def write_wav(samples: np.ndarray, path: Path) -> None:
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(RATE)
        handle.writeframes((np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes())
