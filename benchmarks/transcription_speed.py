"""Speed of the engine against a reference measured in the same run, on the same model and audio.

References, on the same model and audio:
- plain faster-whisper (sequential decoding, word_timestamps=True, its VAD filter), what most whisper REST services run;
- whisperx with its defaults (pyannote VAD + batched ASR, no word times, no speakers), what the WhisperX REST
  services run when their alignment and diarization models cannot be downloaded.
Ours: the full engine — VAD, batched ASR, word timestamps *and* diarization.

Usage: python benchmarks/transcription_speed.py [--minutes 2] [--recording FILE]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.speech import MEETING, synthesize  # noqa: E402
from transcription_api.engine.audio import decode  # noqa: E402
from transcription_api.engine.types import JobOptions  # noqa: E402
from transcription_api.settings import ApiSettings  # noqa: E402


def build_recording(minutes: float, folder: Path) -> Path:
    lines = []
    while len(lines) * 4.7 < minutes * 60:  # the meeting's lines average ~4.7 s with pauses
        lines += MEETING
    return synthesize(lines, folder / "bench.wav").path


def time_engine(path: Path, settings: ApiSettings, repeat: int) -> tuple[float, float, int]:
    from transcription_api.engine.pipeline import Engine

    began = time.perf_counter()
    engine = Engine(settings)
    load = time.perf_counter() - began
    best, speakers = float("inf"), 0
    for _ in range(repeat):
        began = time.perf_counter()
        transcript = engine.transcribe(path, JobOptions(language="en"), lambda stage, percent: None)
        best, speakers = min(best, time.perf_counter() - began), len(transcript.speakers)
    return load, best, speakers


def time_reference(path: Path, model_dir: str) -> float:
    from faster_whisper import WhisperModel

    model = WhisperModel(model_dir, device="cpu", compute_type="int8")
    audio = decode(path)
    began = time.perf_counter()
    segments, _ = model.transcribe(audio, language="en", beam_size=5, word_timestamps=True, vad_filter=True)
    list(segments)
    return time.perf_counter() - began


def time_whisperx_default(path: Path, model_dir: str) -> float:
    import whisperx

    pipeline = whisperx.load_model(model_dir, "cpu", compute_type="int8", language="en")
    audio = decode(path)
    began = time.perf_counter()
    pipeline.transcribe(audio, batch_size=8, language="en")
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--recording", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs for each contender")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = ApiSettings(data_dir=Path(tmp) / "data")
        path = args.recording or build_recording(args.minutes, Path(tmp))
        seconds = decode(path).size / 16_000
        load, ours, speakers = time_engine(path, settings, args.repeat)
        model_dir = str(settings.data_dir / "models" / "whisper-base")
        reference = min(time_reference(path, model_dir) for _ in range(args.repeat))
        seed = min(time_whisperx_default(path, model_dir) for _ in range(args.repeat))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"audio                     {seconds:8.1f} s")
    print(f"engine load               {load:8.1f} s")
    print(f"engine (ASR+words+diar.)  {ours:8.1f} s   {seconds / ours:5.1f}x real time   speakers={speakers}")
    print(f"reference faster-whisper  {reference:8.1f} s   {seconds / reference:5.1f}x real time   (no speakers)")
    print(f"reference whisperx default{seed:8.1f} s   {seconds / seed:5.1f}x real time   (no words, no speakers)")
    print(f"speed-up vs faster-whisper{reference / ours:8.2f}x")
    print(f"speed-up vs whisperx      {seed / ours:8.2f}x")
    print(f"peak RSS                  {peak_mb:8.0f} MB")


if __name__ == "__main__":
    main()
