"""Calibration of voice recognition across calls and channels: the bot's threshold, asking gap, margin and minimum
of speech.

Many voices (espeak-ng variants and the neural voices of tests/neural_speech.py: piper joe and five Kokoro voices),
several short two-voice calls per voice, each with different sentences and an espeak partner voice. Each call is
heard through every channel of ``benchmarks/voice_channels.py`` (clean; a telephone line: 300-3400 Hz, 8 kHz, G.711
mu-law; the same line from a street, traffic at 10 dB SNR; a laptop microphone in a room; built from the realistic
call set's chains in tests/realistic/channels.py) and goes through the service's own speaker stage (silero VAD →
resemblyzer windows → clustering → voice prints, transcription_api.engine); the target voice's print is that of the
cluster covering most of its turns, and "short" prints are made from its first 1, 2, 4, 8 voice windows only (with
the seconds of clean speech the service reports for them, 0 when none was clean). A profile is a voice's full print
from one call and channel (the user named it once); every other call of the same voice, in any channel, is a
same-person trial, every call of another voice a different-person trial, scored as the bot scores them
(bot.speakers.voices.matching). Reported: the lowest threshold whose false-accept rate is at most 1% in every pair of
channels, with the true-accept rate of each; the same at the asking threshold (``ASK_GAP`` below); false and true
accepts of short prints by their seconds (the minimum of speech); and, with every voice enrolled at once, how often
a speaker is named or asked about as the right or the wrong person, by margin over the second-best person.
The prints are kept beside the cached voices; ``--reuse`` scores them again without the speaker stage.

Usage: python benchmarks/voice_profiles.py [--calls 3] [--no-neural] [--channels clean,phone,...] [--reuse]
       [--cache data/benchmarks/voices]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import subprocess
import sys
import tempfile
import time
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.voice_channels import CHANNELS  # noqa: E402
from benchmarks.voice_trials import Heard, report  # noqa: E402

RATE = 16_000
# espeak-ng variants the voice encoder tells apart. Most male variants (m1-m6) and f2, f5, Andy are one voice to it:
# their prints lie 0.94-0.98 apart in cosine, as close as one voice's prints in two calls, so only m1 stands for
# them (a first run with all 16 variants: different-person scores up to 0.98).
ESPEAK = [
    ("m1", "en-us+m1", 50),
    ("m7", "en-us+m7", 60),
    ("f1", "en-us+f1", 50),
    ("f3", "en-us+f3", 75),
    ("f4", "en-us+f4", 50),
    ("klatt", "en-us+klatt", 50),
    ("steph", "en-us+steph", 50),
    ("annie", "en-us+Annie", 50),
]
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


SHORT_WINDOWS = (1, 2, 4, 8)  # the short prints: from the target's first windows only (0.4 s apart, 1.6 s long)


@dataclass
class CallPrints:
    full: Heard
    short: list[Heard]


class PrintMaker:
    """The service's speaker stage, in process: VAD regions, voice windows, clusters, each cluster's print."""

    def __init__(self) -> None:
        from transcription_api.engine.diarize import OfflineDiarizer
        from transcription_api.engine.vad import SileroSpeech

        self.speech, self.diarizer = SileroSpeech(os.cpu_count() or 1), OfflineDiarizer("cpu", 8)

    def target_prints(self, audio: np.ndarray, turns: list[tuple]) -> CallPrints:
        """The print of the cluster covering most of the target's turns, and its prints from less speech."""
        from transcription_api.engine.voice_prints import voice_prints

        regions = self.speech.regions(audio)
        windows = self.diarizer.embed(audio, regions, lambda _: None)
        found = self.diarizer.label(windows, regions, min_speakers=None, max_speakers=None, num_speakers=None)
        cover: dict[str, float] = {}
        for turn in found.turns:
            for start, end in turns:
                overlap = max(0.0, min(end, turn.end) - max(start, turn.start))
                cover[turn.speaker] = cover.get(turn.speaker, 0.0) + overlap
        target = max(cover, key=lambda k: cover[k])
        full = found.prints[target]
        labels = np.asarray([_speaker_at(found.turns, c) == target for c in windows.centers], dtype=int)
        short = []
        own = np.flatnonzero(labels == 1)
        for count in SHORT_WINDOWS:  # the target's windows after its first ``count`` left out
            kept = labels.copy()
            kept[own[count:]] = 2
            made = voice_prints(windows.centers, windows.embeddings, windows.stable, kept, found.turns)[1]
            short.append(Heard(np.asarray(made, np.float64), made.seconds))
        return CallPrints(Heard(np.asarray(full, np.float64), getattr(full, "seconds", 0.0)), short)


def _speaker_at(turns: list, t: float) -> str:
    return next((turn.speaker for turn in turns if turn.start <= t <= turn.end), "")


def collect(voices: Voices, calls: int, channels: list[str]) -> dict[str, list[dict[str, CallPrints]]]:
    """voice → its calls → channel → the target's prints."""
    maker, rng, prints = PrintMaker(), np.random.default_rng(11), {}
    for name in voices.names:
        prints[name] = []
        order = rng.permutation(len(SENTENCES))
        for call in range(calls):
            others = [other for other in voices.espeak if other != name]  # partners: quick to synthesize
            partner = others[int(rng.integers(len(others)))]
            chosen = [SENTENCES[int(i)] for i in np.roll(order, -4 * call)[:4]]
            audio, turns = make_call(voices, name, partner, chosen)
            prints[name].append({ch: maker.target_prints(CHANNELS[ch](audio), turns) for ch in channels})
        print(f"  {name}: {calls} calls", flush=True)
    return prints


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=3, help="calls per voice")
    parser.add_argument("--no-neural", action="store_true", help="espeak voices only (no neural synthesis)")
    parser.add_argument("--channels", default=",".join(CHANNELS), help="channels to hear the calls through")
    parser.add_argument("--cache", type=Path, default=ROOT / "data" / "benchmarks" / "voices")
    parser.add_argument("--reuse", action="store_true", help="score the prints the last run with these settings kept")
    parser.add_argument("--far", type=float, default=0.01, help="false-accept rate the threshold must keep")
    args = parser.parse_args()
    started = time.monotonic()
    voices, channels = Voices(args.cache, neural=not args.no_neural), args.channels.split(",")
    print(f"{len(voices.names)} voices × {args.calls} calls × channels {', '.join(channels)}", flush=True)
    saved = args.cache / f"prints-{args.calls}-{'-'.join(channels)}.pkl"
    if args.reuse and saved.is_file():
        prints = pickle.loads(saved.read_bytes())
    else:
        prints = collect(voices, args.calls, channels)
        saved.write_bytes(pickle.dumps(prints))
    heard = {
        name: [{ch: (p.full, p.short) for ch, p in call.items()} for call in calls] for name, calls in prints.items()
    }
    report(heard, args.far)
    print(f"took {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
