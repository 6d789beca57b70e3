"""Calibration of voice recognition across calls: false-accept and true-accept rates at the bot's threshold.

Many voices (espeak-ng variants and the neural voices of tests/neural_speech.py: piper joe and five Kokoro voices),
several short two-voice calls per voice, each with different sentences and a partner voice drawn from the others.
Each call goes through the service's own speaker stage (silero VAD → resemblyzer windows → clustering → voice
prints, transcription_api.engine); the target voice's print is that of the cluster covering most of its turns.
A profile is a voice's print from one of its calls (the user named it once); every other call of the same voice is
a same-person trial, every call of another voice a different-person trial, scored as the bot scores them
(bot.voices.matching.profile_score). The threshold chosen is the lowest whose false-accept rate is at most 1%.

Usage: python benchmarks/voice_profiles.py [--calls 5] [--no-neural] [--cache data/benchmarks/voices]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.voices.matching import profile_score  # noqa: E402

RATE = 16_000
# espeak-ng variants the voice encoder tells apart. Most male variants (m1-m6) and f2, f5, Andy are one voice to it:
# their prints lie 0.94-0.98 apart in cosine, as close as one voice's prints in two calls, so only m1 stands for
# them (a first run with all 16 variants: different-person scores up to 0.98).
ESPEAK = [
    ("m1", "en-us+m1", 50), ("m7", "en-us+m7", 60), ("f1", "en-us+f1", 50), ("f3", "en-us+f3", 75),
    ("f4", "en-us+f4", 50), ("klatt", "en-us+klatt", 50), ("steph", "en-us+steph", 50), ("annie", "en-us+Annie", 50),
]  # fmt: skip
NEURAL = ["joe", "alpha", "nezumi", "gongitsune", "tebukuro", "kumo"]
SENTENCES = [
    "Good morning, let us go through the numbers for the third quarter.",
    "I spoke with the supplier yesterday and they agreed to a lower price.",
    "The new office opens in March, so we need to plan the move now.",
    "Can you send me the contract before the end of the week?",
    "Our customers asked for a faster checkout on the mobile app.",
    "I think we should hire two more engineers for the payments team.",
    "The marketing campaign brought in three thousand new users.",
    "We are still waiting for the legal review of the agreement.",
    "Please check the server logs, something failed during the night.",
    "The budget for travel is almost spent, so let us meet online.",
    "I will call the bank tomorrow morning and ask about the loan.",
    "The training for the support team starts on Monday at nine.",
    "We lost two big clients last month because of slow delivery.",
    "Let us move the release by one week to fix the last bugs.",
    "The warehouse needs new shelves before the holiday season.",
    "Thank you all, I will write a short summary after this call.",
    "Who is responsible for the report to the board of directors?",
    "The design team showed a new version of the home page.",
    "I agree, but we have to keep the costs under control.",
    "Our partner in Berlin wants to extend the contract for a year.",
]


def espeak(voice: str, pitch: int, text: str) -> np.ndarray:
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "raw.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-p", str(pitch), "-s", "160", "-w", str(raw), text], check=True)
        clean = Path(folder) / "clean.wav"
        subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(clean)], check=True)
        with wave.open(str(clean)) as handle:
            pcm = np.frombuffer(handle.readframes(handle.getnframes()), dtype="<i2")
    return pcm.astype(np.float32) / 32768.0


class Voices:
    """Speech of every voice, neural lines cached on disk (they synthesize at about real time)."""

    def __init__(self, cache: Path, neural: bool) -> None:
        self.cache, self.espeak = cache, {name: (voice, pitch) for name, voice, pitch in ESPEAK}
        self.names = [name for name, _, _ in ESPEAK] + (NEURAL if neural else [])

    def say(self, name: str, text: str) -> np.ndarray:
        if name in self.espeak:
            return espeak(*self.espeak[name], text)
        path = self.cache / f"{name}-{hashlib.sha256(text.encode()).hexdigest()[:16]}.npy"
        if not path.is_file():
            from tests.neural_speech import speak

            self.cache.mkdir(parents=True, exist_ok=True)
            np.save(path, speak(name, text))
        return np.load(path)


def make_call(voices: Voices, target: str, partner: str, lines: list[str]) -> tuple[np.ndarray, list[tuple]]:
    """Target and partner take turns (target first); returns samples and the target's (start, end) turns."""
    gap = np.zeros(int(0.6 * RATE), np.float32)
    pieces, turns, cursor = [gap], [], 0.6
    for index, text in enumerate(lines):
        speaker = target if index % 2 == 0 else partner
        speech = voices.say(speaker, text)
        if speaker == target:
            turns.append((cursor, cursor + len(speech) / RATE))
        pieces += [speech, gap]
        cursor += (len(speech) + len(gap)) / RATE
    noise = np.random.default_rng(1).normal(0, 10 ** (-62 / 20), sum(len(p) for p in pieces)).astype(np.float32)
    return np.concatenate(pieces) + noise, turns


class PrintMaker:
    """The service's speaker stage, in process: VAD regions, voice windows, clusters, each cluster's print."""

    def __init__(self) -> None:
        from transcription_api.engine.diarize import OfflineDiarizer
        from transcription_api.engine.vad import SileroSpeech

        self.speech, self.diarizer = SileroSpeech(os.cpu_count() or 1), OfflineDiarizer("cpu", 8)

    def target_print(self, audio: np.ndarray, turns: list[tuple]) -> np.ndarray:
        regions = self.speech.regions(audio)
        windows = self.diarizer.embed(audio, regions, lambda _: None)
        found = self.diarizer.label(windows, regions, min_speakers=None, max_speakers=None, num_speakers=None)
        cover: dict[str, float] = {}
        for turn in found.turns:
            for start, end in turns:
                overlap = max(0.0, min(end, turn.end) - max(start, turn.start))
                cover[turn.speaker] = cover.get(turn.speaker, 0.0) + overlap
        return np.asarray(found.prints[max(cover, key=lambda k: cover[k])], dtype=np.float64)


def collect(voices: Voices, calls: int) -> dict[str, list[np.ndarray]]:
    maker, rng, prints = PrintMaker(), np.random.default_rng(11), {}
    for name in voices.names:
        prints[name] = []
        order = rng.permutation(len(SENTENCES))
        for call in range(calls):
            partner = voices.names[int(rng.integers(len(voices.names) - 1))]
            partner = partner if partner != name else voices.names[-1]
            chosen = [SENTENCES[int(i)] for i in np.roll(order, -4 * call)[:4]]
            audio, turns = make_call(voices, name, partner, chosen)
            prints[name].append(maker.target_print(audio, turns))
        print(f"  {name}: {calls} calls", flush=True)
    return prints


def trials(prints: dict[str, list[np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Same-person and different-person scores: each call of each voice makes a profile (the user named that
    speaker once), scored against every other call of the same voice and every call of the other voices."""
    same, different = [], []
    for owner, own in prints.items():
        for index, enrolled in enumerate(own):
            for name, theirs in prints.items():
                scores = [profile_score(p, [enrolled]) for k, p in enumerate(theirs) if name != owner or k != index]
                (same if name == owner else different).extend(scores)
    return np.asarray(same), np.asarray(different)


def report(same: np.ndarray, different: np.ndarray, target_far: float) -> float:
    candidates = np.unique(np.round(np.concatenate([same, different]), 3))
    threshold = min((t for t in candidates if np.mean(different >= t) <= target_far), default=1.0)
    threshold = float(np.ceil(threshold * 100) / 100)  # a round setting, no lower than the chosen one
    far, tar = float(np.mean(different >= threshold)), float(np.mean(same >= threshold))
    print(f"same-person trials: {len(same)}  (scores {same.min():.3f} … {np.median(same):.3f} median)")
    print(f"different-person trials: {len(different)}  (scores … {np.median(different):.3f} median, "
          f"{different.max():.3f} max)")  # fmt: skip
    for t in sorted({threshold - 0.05, threshold, threshold + 0.05}):
        print(f"  threshold {t:.2f}: FAR {np.mean(different >= t):.2%}  TAR {np.mean(same >= t):.2%}")
    print(f"chosen threshold {threshold:.2f}: false-accept rate {far:.2%} (target ≤ {target_far:.0%}), "
          f"true-accept rate {tar:.2%} (target ≥ 90%)")  # fmt: skip
    return threshold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=5, help="calls per voice")
    parser.add_argument("--no-neural", action="store_true", help="espeak voices only (no neural synthesis)")
    parser.add_argument("--cache", type=Path, default=ROOT / "data" / "benchmarks" / "voices")
    parser.add_argument("--far", type=float, default=0.01, help="false-accept rate the threshold must keep")
    args = parser.parse_args()
    started = time.monotonic()
    voices = Voices(args.cache, neural=not args.no_neural)
    print(f"{len(voices.names)} voices × {args.calls} calls", flush=True)
    same, different = trials(collect(voices, args.calls))
    report(same, different, args.far)
    print(f"took {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
