"""Peak memory and speed of the engine on long recordings, against a short call measured in the same run.

A three-voice espeak call of about a minute is looped with ffmpeg into Opus voice notes of each length asked for
(as a long Telegram recording would arrive). Each recording, and the short call itself, is transcribed with speakers
by the full engine in a fresh process, which prints its peak resident memory (ru_maxrss: models included) and the
time it took. Memory should stay flat with length and time grow linearly with it.

Usage: python benchmarks/long_recording.py [--durations 10m,1h,3h,10h] [--model packaged-tiny.en] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.speech import ffmpeg, synthesize  # noqa: E402

CALL = [
    ("bob", "Good morning everyone, thank you for joining the weekly planning meeting today."),
    ("alice", "Thanks. I reviewed the budget report yesterday and the numbers look good."),
    ("carol", "Before we go on, the warehouse team needs an answer about the new shelves."),
    ("bob", "Great. We need to finish the mobile release before the end of the month."),
    ("alice", "I agree. Maria will prepare the marketing plan by Friday."),
    ("carol", "I can order the shelves this week if the budget allows it."),
    ("bob", "Who is responsible for testing the new payment system?"),
    ("alice", "David will test the payment system and send a report next Tuesday."),
    ("carol", "Then let us meet again on Wednesday to decide about the shelves."),
]


def parse_length(text: str) -> float:
    """'10m' → 600, '1h' → 3600, '90s' → 90 (seconds)."""
    unit = {"s": 1, "m": 60, "h": 3600}[text[-1]]
    return float(text[:-1]) * unit


def build(folder: Path, seconds: float, call: Path) -> Path:
    target = folder / f"call-{seconds:g}s.ogg"
    if not target.exists():
        # the input is the benchmark's own synthesized WAV; the whitelists keep ffmpeg to reading it as such
        ffmpeg(
            "-stream_loop",
            "-1",
            "-protocol_whitelist",
            "file",
            "-format_whitelist",
            "wav",
            "-i",
            str(call),
            "-t",
            f"{seconds:g}",
            "-ac",
            "1",
            "-c:a",
            "libopus",
            "-b:a",
            "24k",
            str(target),
        )
    return target


def measure(path: Path, model: str, data_dir: Path) -> dict[str, float]:
    """Run one transcription in a fresh process and return what it reports."""
    cmd = [sys.executable, __file__, "--run", str(path), "--model", model, "--data-dir", str(data_dir)]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=False)  # its progress goes to stderr
    if done.returncode != 0:
        raise SystemExit(f"the run on {path.name} failed (exit status {done.returncode})")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run_one(path: Path, model: str, data_dir: Path) -> None:
    from transcription_api.engine.pipeline import Engine
    from transcription_api.engine.types import JobOptions
    from transcription_api.settings import ApiSettings

    engine = Engine(ApiSettings(model=model, data_dir=data_dir, language="en"))
    began = time.perf_counter()
    transcript = engine.transcribe(path, JobOptions(language="en"), Ticker(path.name, began))
    elapsed = time.perf_counter() - began
    words = sum(len(s.words) for s in transcript.segments)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "audio_s": transcript.duration,
                "elapsed_s": elapsed,
                "peak_mb": peak_mb,
                "speakers": len(transcript.speakers),
                "words": words,
            }
        )
    )


class Ticker:
    """Prints, at most once a minute, how far a long run got and its peak memory so far (to stderr)."""

    def __init__(self, name: str, began: float) -> None:
        self.name, self.began, self.last = name, began, began

    def __call__(self, stage: object, percent: float) -> None:
        now = time.perf_counter()
        if now - self.last >= 60:
            self.last = now
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"  {self.name}: {stage} {percent:.1f}% after {now - self.began:.0f} s, peak RSS so far {peak:.0f} MB",
                file=sys.stderr,
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--durations", default="10m,1h,3h,10h", help="comma-separated lengths: 90s, 10m, 1h, …")
    parser.add_argument("--short", default="5m", help="the short call the others are compared with")
    parser.add_argument("--model", default="packaged-tiny.en")
    parser.add_argument("--keep", type=Path, help="folder to keep (and reuse) the synthesized recordings in")
    parser.add_argument("--run", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        return run_one(args.run, args.model, args.data_dir)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        call = folder / "call.wav"
        if not call.exists():
            synthesize(CALL, call)
        lengths = [parse_length(item) for item in args.durations.split(",")]
        print(f"model {args.model}; a call of {len(CALL)} turns of three voices, looped to each length")
        print(
            f"{'recording':>10} {'time':>9} {'× real time':>12} {'s per audio h':>14} {'peak RSS':>9} "
            f"{'above short':>12} {'speakers':>9} {'words':>8}"
        )
        short = measure(build(folder, parse_length(args.short), call), args.model, Path(scratch) / "data")
        report(f"{args.short} call", short, short)
        for seconds in lengths:
            report(
                f"{seconds / 3600:g} h" if seconds >= 3600 else f"{seconds / 60:g} min",
                measure(build(folder, seconds, call), args.model, Path(scratch) / "data"),
                short,
            )


def report(label: str, row: dict[str, float], short: dict[str, float]) -> None:
    speed = row["audio_s"] / row["elapsed_s"]
    per_hour = row["elapsed_s"] / row["audio_s"] * 3600
    above = row["peak_mb"] - short["peak_mb"]
    print(
        f"{label:>10} {row['elapsed_s']:8.0f}s {speed:11.1f}× {per_hour:13.0f}s {row['peak_mb']:7.0f}MB "
        f"{above:+10.0f}MB {row['speakers']:9.0f} {row['words']:8.0f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
