"""When a streamed transcript's first segment is known, against the whole job's end, and what streaming costs.

A three-voice call (benchmarks/long_recording.py's) is looped into an Opus voice note of the length asked for and
transcribed with speakers by the engine in this process with a segment sink, as the service's worker runs it (each
block's segments with provisional speakers, engine.provisional). Prints when each block's segments were told
(seconds since the job started), when the job ended, and the time spent labelling provisional speakers (all that
streaming adds to a job; timed directly, since on shared cores two whole runs differ by more than that).

Usage: python benchmarks/streaming.py [--length 10m] [--block-s 300] [--model packaged-tiny.en] [--keep DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.long_recording import CALL, build, parse_length  # noqa: E402
from tests.speech import synthesize  # noqa: E402


class Sink:
    """Notes when each block's segments arrive and how many there are."""

    def __init__(self, began: float) -> None:
        self.began = began
        self.told: list[tuple[float, int, float]] = []  # (seconds since start, segments, end of the last one)

    def __call__(self, segments: list) -> None:  # type: ignore[type-arg]
        self.told.append((time.perf_counter() - self.began, len(segments), segments[-1].end if segments else 0.0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", default="10m", help="recording length: 90s, 10m, 1h, …")
    parser.add_argument("--block-s", type=float, default=300.0, help="TRANSCRIBE_BLOCK_S")
    parser.add_argument("--model", default="packaged-tiny.en")
    parser.add_argument("--keep", type=Path, help="folder to keep (and reuse) the synthesized recordings in")
    args = parser.parse_args()
    from transcription_api.engine.pipeline import Engine
    from transcription_api.engine.types import JobOptions
    from transcription_api.settings import ApiSettings

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        call = folder / "call.wav"
        if not call.exists():
            synthesize(CALL, call)
        path = build(folder, parse_length(args.length), call)
        settings = ApiSettings(model=args.model, data_dir=Path(scratch) / "data", language="en", block_s=args.block_s)
        engine = Engine(settings)
        labelling = timed_labelling()
        began = time.perf_counter()
        sink = Sink(began)
        transcript = engine.transcribe(path, JobOptions(language="en"), lambda stage, percent: None, sink)
        streamed = time.perf_counter() - began
    print(f"model {args.model}, {transcript.duration:.0f} s of audio, blocks of {args.block_s:g} s")
    for number, (at, count, end) in enumerate(sink.told, start=1):
        print(f"  block {number}: {count} segments (up to {end:.0f} s of audio) told {at:.1f} s after the start")
    print(f"  job done {streamed:.1f} s after the start; first segment at {100 * sink.told[0][0] / streamed:.0f}%")
    cost = sum(labelling)
    print(f"  provisional speakers: {cost:.1f} s in all ({100 * cost / streamed:.1f}% of the job)")


def timed_labelling() -> list[float]:
    """The seconds each call of engine.provisional.provisional_segments takes, as the engine makes them."""
    from transcription_api.engine import pipeline

    spent: list[float] = []
    original = pipeline.provisional_segments

    def timed(*args: Any) -> Any:
        began = time.perf_counter()
        try:
            return original(*args)
        finally:
            spent.append(time.perf_counter() - began)

    pipeline.provisional_segments = timed  # type: ignore[assignment]
    return spent


if __name__ == "__main__":
    main()
