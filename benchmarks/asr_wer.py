"""Word error rate of this tree's ASR against plain faster-whisper on the realistic call set (tests/realistic).

Each call is transcribed by the engine with speakers off (``JobOptions(diarize=False)``: VAD, chunking, batched
decoding) and by plain sequential faster-whisper (same model, beam 5, its own VAD off as a user of the library
gets it, or on with ``--fw-vad``), in the same process, the sampling fallbacks of both seeded the same way for
every call. Per call: WER of both, seconds each took, and where they differ the reference words each one got
wrong (``-word`` missed or replaced, ``+word`` written instead; ``--words``). The default set is
benchmarks/speaker_stage.py's.

Usage: python benchmarks/asr_wer.py [--pairs phone-hello/phone,...] [--model packaged-base] [--threads 0] [--words]
       [--fw-vad]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.speaker_stage import DEFAULT_SET  # noqa: E402
from tests.realistic import DEFAULT_CACHE, RealisticCall, realistic_call, word_error_rate  # noqa: E402
from tests.transcript_scoring import normalize  # noqa: E402

SEED = 1  # both decoders fall back to sampling on hard audio: the same seed per call makes runs repeatable


def engine_text(engine: Any, call: RealisticCall) -> str:
    import ctranslate2

    from transcription_api.engine.types import JobOptions

    ctranslate2.set_random_seed(SEED)

    transcript = engine.transcribe(call.path, JobOptions(language="en", diarize=False), lambda stage, pct: None)
    return " ".join(s.text for s in transcript.segments)


def faster_whisper_text(model: Any, call: RealisticCall, vad_filter: bool) -> str:
    import ctranslate2

    from transcription_api.engine.audio import decode

    ctranslate2.set_random_seed(SEED)

    segments, _ = model.transcribe(decode(call.path), language="en", beam_size=5, vad_filter=vad_filter)
    return "".join(s.text for s in segments)


def wrong_words(text: str, call: RealisticCall) -> list[str]:
    """Reference words the hypothesis misses or replaces (``-word``) and words it inserts (``+word``)."""
    import jiwer

    reference = normalize(" ".join(t.text for t in sorted(call.turns, key=lambda t: t.start)))
    out = jiwer.process_words(reference, normalize(text) or "<empty>")
    ref, hyp = out.references[0], out.hypotheses[0]
    wrong: list[str] = []
    for chunk in out.alignments[0]:
        if chunk.type in ("delete", "substitute"):
            wrong += [f"-{w}" for w in ref[chunk.ref_start_idx : chunk.ref_end_idx]]
        if chunk.type in ("insert", "substitute"):
            wrong += [f"+{w}" for w in hyp[chunk.hyp_start_idx : chunk.hyp_end_idx]]
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", default="", help="conversation/condition,... (default: the speaker-stage set)")
    parser.add_argument("--model", default="packaged-base")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (0 = all cores)")
    parser.add_argument("--words", action="store_true", help="print the words each one gets wrong")
    parser.add_argument("--fw-vad", action="store_true", help="faster-whisper with its VAD filter on")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    pairs = (
        [tuple(p.split("/")) for p in args.pairs.split(",")]
        if args.pairs
        else [(conv, cond) for conv, conds in DEFAULT_SET.items() for cond in conds]
    )
    calls = [realistic_call(conversation, condition, args.cache) for conversation, condition in pairs]
    from faster_whisper import WhisperModel

    from transcription_api.engine.pipeline import Engine
    from transcription_api.settings import ApiSettings

    with tempfile.TemporaryDirectory(prefix="asr-wer-") as folder:
        engine = Engine(ApiSettings(model=args.model, cpu_threads=args.threads, data_dir=Path(folder)))
        threads = args.threads or os.cpu_count() or 1
        reference = WhisperModel(engine.choice.reference, device="cpu", compute_type="int8", cpu_threads=threads)
        minutes = sum(c.duration for c in calls) / 60
        vad = "on" if args.fw_vad else "off"
        print(f"model {engine.choice.label}; faster-whisper's VAD {vad}; {len(calls)} calls, {minutes:.1f} min")
        print(f"{'call':<30} {'WER ours':>8} {'f-w':>6} {'s ours':>7} {'s f-w':>6}")
        totals = [0.0, 0.0, 0.0, 0.0]
        for call in calls:
            started = time.monotonic()
            ours = engine_text(engine, call)
            middle = time.monotonic()
            plain = faster_whisper_text(reference, call, args.fw_vad)
            row = [
                word_error_rate(ours, call),
                word_error_rate(plain, call),
                middle - started,
                time.monotonic() - middle,
            ]
            totals = [a + b for a, b in zip(totals, row, strict=True)]
            name = f"{call.conversation}/{call.condition}"
            print(f"{name:<30} {row[0]:8.3f} {row[1]:6.3f} {row[2]:7.1f} {row[3]:6.1f}", flush=True)
            if args.words and row[0] != row[1]:
                print(f"    ours: {' '.join(wrong_words(ours, call))}\n    f-w:  {' '.join(wrong_words(plain, call))}")
        n = len(calls)
        print(f"{'mean':<30} {totals[0] / n:8.3f} {totals[1] / n:6.3f} {totals[2]:7.1f} {totals[3]:6.1f} (s: total)")


if __name__ == "__main__":
    main()
