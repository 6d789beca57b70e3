"""Word error rate of the engine against sequential faster-whisper, per call, on realistic neural-voice calls.

Both transcribe the same Ogg/Opus voice notes with the same packaged model and compute type, measured in the same
run: the engine as the service runs it (VAD, batched ASR, word times and speakers), faster-whisper as most whisper
services run it (sequential, beam 5, word_timestamps=True, its VAD filter, conditioned on previous text). Times
include decoding the file in both columns. WER ignores what a reader would not notice (case, punctuation, thousands
separators) and counts what a reader would ("$47 ,000" is two words): tests/transcript_scoring.py. "stray words"
counts words placed inside a call's silent or music stretches (ours / faster-whisper).
Calls are synthesized once and cached by script (``--cache``); the first run takes several minutes more.

Usage: python benchmarks/transcription_quality.py [--calls budget,similar] [--model packaged-base] [--threads 0]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.neural_calls import BUDGET_REVIEW, SIMILAR_VOICES, SUPPORT_CALL, TEST_CALL, THREE_WAY  # noqa: E402
from tests.neural_calls_long import PLANNING_MEETING  # noqa: E402
from tests.neural_speech import NeuralCall, synthesize_call  # noqa: E402
from tests.transcript_scoring import word_error_rate  # noqa: E402
from transcription_api.engine.audio import decode  # noqa: E402
from transcription_api.engine.types import JobOptions  # noqa: E402
from transcription_api.settings import ApiSettings  # noqa: E402

CALLS = {
    "budget": BUDGET_REVIEW,
    "similar": SIMILAR_VOICES,
    "support": SUPPORT_CALL,
    "three-way": THREE_WAY,
    "planning": PLANNING_MEETING,
    "test-call": TEST_CALL,
}


def words_in_stretches(call: NeuralCall, words: list[tuple[float, float]]) -> int:
    """Words whose middle lies inside a silent or music stretch (anything there is invented)."""
    return sum(any(a + 0.3 < (s + e) / 2 < b - 0.3 for a, b, _ in call.stretches) for s, e in words)


def run_engine(engine: object, call: NeuralCall) -> tuple[str, float, int]:
    began = time.perf_counter()
    transcript = engine.transcribe(call.path, JobOptions(language="en"), lambda stage, percent: None)  # type: ignore[attr-defined]
    seconds = time.perf_counter() - began
    words = [(w.start, w.end) for s in transcript.segments for w in s.words]
    return " ".join(s.text for s in transcript.segments), seconds, words_in_stretches(call, words)


def run_faster_whisper(model: object, call: NeuralCall) -> tuple[str, float, int]:
    began = time.perf_counter()
    segments, _ = model.transcribe(  # type: ignore[attr-defined]
        decode(call.path), language="en", beam_size=5, word_timestamps=True, vad_filter=True
    )
    segments = list(segments)
    seconds = time.perf_counter() - began
    words = [(w.start, w.end) for s in segments for w in s.words or []]
    return "".join(s.text for s in segments), seconds, words_in_stretches(call, words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", default=",".join(CALLS), help=f"comma-separated, from: {', '.join(CALLS)}")
    parser.add_argument("--model", default="packaged-base")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads for both (0 = all cores)")
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "call-assistant" / "neural-calls")
    parser.add_argument("--show", action="store_true", help="print both transcripts")
    args = parser.parse_args()
    calls = {name: synthesize_call(CALLS[name], args.cache, name) for name in args.calls.split(",")}
    from faster_whisper import WhisperModel

    from transcription_api.engine.pipeline import Engine

    settings = ApiSettings(model=args.model, cpu_threads=args.threads, data_dir=args.cache / "service-data")
    engine = Engine(settings)
    threads = args.threads or os.cpu_count() or 1
    reference = WhisperModel(engine.choice.reference, device="cpu", compute_type="int8", cpu_threads=threads)
    print(f"model {engine.choice.label} int8, {threads} threads; WER normalized as in tests/transcript_scoring.py")
    print(
        f"{'call':<10} {'audio':>7} {'WER ours':>9} {'WER f-w':>8} {'diff':>7} {'ours':>8} {'f-w':>8} "
        f"{'speed-up':>8} {'stray words':>11}"
    )
    total = {"audio": 0.0, "ours": 0.0, "fw": 0.0}
    for name, call in calls.items():
        script = call.script
        ours_text, ours_s, ours_stray = run_engine(engine, call)
        fw_text, fw_s, fw_stray = run_faster_whisper(reference, call)
        ours_wer, fw_wer = word_error_rate(script, ours_text), word_error_rate(script, fw_text)
        total.update(audio=total["audio"] + call.duration, ours=total["ours"] + ours_s, fw=total["fw"] + fw_s)
        print(
            f"{name:<10} {call.duration:6.0f}s {ours_wer:9.3f} {fw_wer:8.3f} {ours_wer - fw_wer:+7.3f} "
            f"{call.duration / ours_s:7.1f}x {call.duration / fw_s:7.1f}x {fw_s / ours_s:7.2f}x "
            f"{ours_stray:5d} /{fw_stray:3d}"
        )
        if args.show:
            print(f"  ours: {ours_text}\n  f-w:  {fw_text.strip()}")
    print(
        f"{'all':<10} {total['audio']:6.0f}s {'':9} {'':8} {'':7} {total['audio'] / total['ours']:7.1f}x "
        f"{total['audio'] / total['fw']:7.1f}x {total['fw'] / total['ours']:7.2f}x"
    )
    print("speed = audio seconds per second of processing (decode included); ours includes speakers")


if __name__ == "__main__":
    main()
