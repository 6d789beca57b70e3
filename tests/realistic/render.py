"""Per-speaker tracks of a conversation: each line spoken once in its persona's voice (cached per line), placed on
a common 16 kHz timeline. The reference turns are the exact times of each line's speech."""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tests.neural_speech import RATE, speak, trim_silence
from tests.realistic.scripts import CAST, Conversation, Say

_LEVEL_DBFS = -21.0  # as tests/neural_speech.py brings every neural line to
_LEAD_S = 0.6  # silence before the first line and after the last


@dataclass(frozen=True)
class RefTurn:
    speaker: str
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Tracks:
    """One float32 track per speaker (all the same length, 16 kHz) and the reference turns, by start time."""

    audio: dict[str, np.ndarray]
    turns: list[RefTurn]

    @property
    def samples(self) -> int:
        return len(next(iter(self.audio.values())))


def voice_line(voice: str, text: str, cache_dir: Path) -> np.ndarray:
    """``text`` in ``voice`` (a neural voice name or ``espeak:<variant>:<pitch>``), trimmed, at a common level."""
    path = cache_dir / "lines" / f"{hashlib.sha256(f'{voice}|{text}'.encode()).hexdigest()[:20]}.npy"
    if path.is_file():
        return np.load(path)
    if voice.startswith("espeak:"):
        _, variant, pitch = voice.split(":")
        speech = _level(trim_silence(_espeak(variant, int(pitch), text)))
    else:
        speech = speak(voice, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.npy")
    np.save(partial, speech)
    partial.replace(path)
    return speech


def render(conversation: Conversation, cache_dir: Path) -> Tracks:
    """Place every line on the timeline (see tests/realistic/scripts.py for the timing rules)."""
    placed: list[tuple[Say, float, np.ndarray]] = []
    cursor, main_start, main_end = _LEAD_S, _LEAD_S, _LEAD_S
    for line in conversation.lines:
        speech = voice_line(CAST[line.speaker], line.text, cache_dir)
        length = len(speech) / RATE
        if line.over is not None:
            start = main_start + line.over * (main_end - main_start)
        else:
            start = max(0.05, cursor + line.gap)
            main_start, main_end = start, start + length
            cursor = max(cursor, main_end)
        placed.append((line, start, speech))
    total = int((max(s + len(a) / RATE for _, s, a in placed) + _LEAD_S) * RATE)
    audio = {name: np.zeros(total, np.float32) for name in conversation.speakers}
    turns = []
    for line, start, speech in placed:
        first = round(start * RATE)
        audio[line.speaker][first : first + len(speech)] += speech
        turns.append(RefTurn(line.speaker, first / RATE, (first + len(speech)) / RATE, line.text))
    return Tracks(audio, sorted(turns, key=lambda t: (t.start, t.end)))


def cached_tracks(conversation: Conversation, cache_dir: Path, key: str) -> Tracks:
    """:func:`render`, kept as ``tracks-<key>.npz`` + ``.json``."""
    audio_path, meta_path = cache_dir / f"tracks-{key}.npz", cache_dir / f"tracks-{key}.json"
    if audio_path.is_file() and meta_path.is_file():
        with np.load(audio_path) as data:
            audio = {name: data[name] for name in data.files}
        return Tracks(audio, [RefTurn(**t) for t in json.loads(meta_path.read_text())])
    tracks = render(conversation, cache_dir)
    partial = cache_dir / f"tracks-{key}.partial.npz"
    np.savez(partial, **tracks.audio)  # type: ignore[arg-type]
    partial.replace(audio_path)
    partial_meta = cache_dir / f"tracks-{key}.partial.json"
    partial_meta.write_text(json.dumps([t.__dict__ for t in tracks.turns]))
    partial_meta.replace(meta_path)
    return tracks


def _espeak(variant: str, pitch: int, text: str) -> np.ndarray:
    with tempfile.TemporaryDirectory() as folder:
        raw, clean = Path(folder) / "raw.wav", Path(folder) / "clean.wav"
        subprocess.run(["espeak-ng", "-v", variant, "-p", str(pitch), "-s", "165", "-w", str(raw), text], check=True)
        subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(clean)], check=True)
        with wave.open(str(clean)) as handle:
            pcm = np.frombuffer(handle.readframes(handle.getnframes()), dtype="<i2")
    return pcm.astype(np.float32) / 32768.0


def _level(samples: np.ndarray) -> np.ndarray:
    rms = float(np.sqrt(np.mean(samples**2))) or 1.0
    return (samples * (10 ** (_LEVEL_DBFS / 20) / rms)).astype(np.float32)
