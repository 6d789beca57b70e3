"""Speed of the engine against a reference measured in the same run, on the same model and audio.

References, on the same model and audio:
- plain faster-whisper (sequential decoding, word_timestamps=True, its VAD filter), what most whisper REST services run;
- whisperx with its defaults (pyannote VAD + batched ASR, no word times, no speakers), what the WhisperX REST
  services run when their alignment and diarization models cannot be downloaded.
Ours: the full engine — VAD, batched ASR, word timestamps *and* diarization.

Every column counts from the file on disk: the engine decodes it itself, and the references' time includes decoding
it with the same ffmpeg (transcription_api.engine.audio.decode), so no contender gets its audio for free. Model
loading is outside all three. Each contender runs ``--repeat`` times (3 by default, interleaved so that a busy
machine slows all alike) and the median is reported, with the spread.

Usage: python benchmarks/transcription_speed.py [--minutes 2] [--recording FILE] [--repeat 3]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
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


def load_engine(settings: ApiSettings) -> tuple[Callable[[Path], int], float]:
    """One run of the engine (returns the speakers found), and how long loading it took."""
    from transcription_api.engine.pipeline import Engine

    began = time.perf_counter()
    engine = Engine(settings)
    load = time.perf_counter() - began

    def run(path: Path) -> int:
        return len(engine.transcribe(path, JobOptions(language="en"), lambda stage, percent: None).speakers)

    return run, load


def load_faster_whisper(model_dir: str) -> Callable[[Path], int]:
    from faster_whisper import WhisperModel

    model = WhisperModel(model_dir, device="cpu", compute_type="int8")

    def run(path: Path) -> int:
        segments, _ = model.transcribe(decode(path), language="en", beam_size=5, word_timestamps=True, vad_filter=True)
        list(segments)
        return 0

    return run


def load_whisperx_default(model_dir: str) -> Callable[[Path], int]:
    import whisperx

    pipeline = whisperx.load_model(model_dir, "cpu", compute_type="int8", language="en")

    def run(path: Path) -> int:
        pipeline.transcribe(decode(path), batch_size=8, language="en")
        return 0

    return run


def timed(run: Callable[[Path], int], path: Path) -> tuple[float, int]:
    began = time.perf_counter()
    found = run(path)
    return time.perf_counter() - began, found


def line(label: str, times: list[float], audio: float, note: str) -> str:
    median = statistics.median(times)
    spread = f"{min(times):.1f}–{max(times):.1f} s" if len(times) > 1 else "one run"
    return f"{label:<26}{median:8.1f} s   {audio / median:5.1f}x real time   ({spread}; {note})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--recording", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each contender; the median is reported")
    args = parser.parse_args()
    times: dict[str, list[float]] = {"ours": [], "fw": [], "wx": []}
    speakers = 0
    with tempfile.TemporaryDirectory() as tmp:
        settings = ApiSettings(data_dir=Path(tmp) / "data")
        path = args.recording or build_recording(args.minutes, Path(tmp))
        seconds = decode(path).size / 16_000
        ours, load = load_engine(settings)
        model_dir = str(settings.data_dir / "models" / "whisper-base")
        contenders = {"ours": ours, "fw": load_faster_whisper(model_dir), "wx": load_whisperx_default(model_dir)}
        for _ in range(args.repeat):
            for name, run in contenders.items():
                elapsed, found = timed(run, path)
                times[name].append(elapsed)
                speakers = found if name == "ours" else speakers
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ours_s, fw_s, wx_s = (statistics.median(times[name]) for name in ("ours", "fw", "wx"))
    print(f"audio                     {seconds:8.1f} s   (median of {args.repeat} runs each, decoding included)")
    print(f"engine load               {load:8.1f} s")
    print(line("engine (ASR+words+diar.)", times["ours"], seconds, f"speakers={speakers}"))
    print(line("reference faster-whisper", times["fw"], seconds, "no speakers"))
    print(line("reference whisperx default", times["wx"], seconds, "no words, no speakers"))
    print(f"engine speed / f-whisper's{fw_s / ours_s:8.2f}x   (above 1: the engine is faster)")
    print(f"engine speed / whisperx's {wx_s / ours_s:8.2f}x")
    print(f"peak RSS                  {peak_mb:8.0f} MB")


if __name__ == "__main__":
    main()
