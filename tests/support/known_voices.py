"""Two neural voices in a call, and reference clips of the same voices cut from another recording.

Lines come from the realistic call set's cache (tests/realistic: each line synthesized once, kept on disk): the call
puts Tom's (piper ``joe``) and Anna's (Kokoro ``alpha``) lines of the meetings one after the other, and a reference
clip joins a persona's lines of the telephone calls, which the call does not contain.
"""

from __future__ import annotations

import base64
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tests.neural_speech import RATE, write_voice_note
from tests.realistic.calls import DEFAULT_CACHE
from tests.realistic.render import voice_line
from tests.realistic.scripts import CAST, CONVERSATIONS
from tests.speech import ffmpeg

CALL_FROM = ("meeting-5", "meeting-6")
REFERENCES_FROM = ("phone-hello", "phone-quick", "meeting-3")
_GAP_S = 0.6


@dataclass(frozen=True)
class VoicedCall:
    path: Path
    turns: list[tuple[str, float, float, str]]  # persona, start, end, text

    def persona_at(self, start: float, end: float) -> str | None:
        """The persona speaking most of start..end."""
        overlap: dict[str, float] = {}
        for persona, a, b, _ in self.turns:
            overlap[persona] = overlap.get(persona, 0.0) + max(0.0, min(end, b) - max(start, a))
        best = max(overlap, key=lambda p: overlap[p], default=None)
        return best if best is not None and overlap[best] > 0 else None


def lines_of(persona: str, conversations: tuple[str, ...], min_chars: int = 12) -> list[str]:
    return [
        line.text
        for name in conversations
        for line in CONVERSATIONS[name].lines
        if line.speaker == persona and len(line.text) >= min_chars
    ]


def two_voice_call(dest: Path, pairs: int = 3) -> VoicedCall:
    """Tom and Anna taking turns (``pairs`` lines each), as an Ogg/Opus voice note."""
    tom, anna = lines_of("Tom", CALL_FROM, 20), lines_of("Anna", CALL_FROM, 20)
    pieces, turns, cursor = [np.zeros(int(0.5 * RATE), np.float32)], [], 0.5
    script = [line for a, b in list(zip(tom, anna, strict=False))[:pairs] for line in (("Tom", a), ("Anna", b))]
    for persona, text in script:
        speech = voice_line(CAST[persona], text, DEFAULT_CACHE)
        turns.append((persona, cursor, cursor + len(speech) / RATE, text))
        pieces += [speech, np.zeros(int(_GAP_S * RATE), np.float32)]
        cursor += len(speech) / RATE + _GAP_S
    write_voice_note(np.concatenate(pieces), dest)
    return VoicedCall(dest, turns)


def reference_samples(persona: str, seconds: float, sources: tuple[str, ...] = REFERENCES_FROM) -> np.ndarray:
    """``seconds`` of ``persona``'s lines from the ``sources`` conversations (by default: not the call above)."""
    pieces, total = [], 0.0
    for text in lines_of(persona, sources):
        speech = voice_line(CAST[persona], text, DEFAULT_CACHE)
        pieces += [speech, np.zeros(int(0.25 * RATE), np.float32)]
        total += len(speech) / RATE + 0.25
        if total >= seconds:
            break
    return np.concatenate(pieces)[: int(seconds * RATE)]


def wav_bytes(samples: np.ndarray, folder: Path, name: str) -> bytes:
    path = folder / f"{name}.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes((np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes())
    return path.read_bytes()


def ogg_bytes(samples: np.ndarray, folder: Path, name: str) -> bytes:
    path = folder / f"{name}.wav"
    wav_bytes(samples, folder, name)
    ffmpeg("-i", str(path), "-c:a", "libopus", "-b:a", "32k", str(folder / f"{name}.ogg"))
    return (folder / f"{name}.ogg").read_bytes()


def data_url(clip: bytes, media_type: str) -> str:
    return f"data:{media_type};base64,{base64.b64encode(clip).decode()}"
