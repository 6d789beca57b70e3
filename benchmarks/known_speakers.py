"""Known speakers: how reference clips of each voice, cut from another recording, score against a call's speakers.

Two calls of Tom (piper ``joe``) and Anna (Kokoro ``alpha``): a clean one (tests/support/known_voices.py: their
meeting lines one after the other) and ``phone-hello`` of the realistic set (clean channel, overlaps and
backchannels). References: each persona's lines of conversations the call does not hold, cut to 3-10 s, plus Ken
and Priya, who are in neither call. The engine (packaged model, in this process) transcribes each call once; every
clip's voice print is scored against every speaker's print, and the rule of transcription_api/engine/
known_speakers.py says who would be named when that one clip is given alone.

Usage: python benchmarks/known_speakers.py [--model packaged-tiny.en] [--seconds 3,5,8,10]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.realistic.calls import realistic_call  # noqa: E402
from tests.support.known_voices import REFERENCES_FROM, reference_samples, two_voice_call  # noqa: E402
from transcription_api.engine.known_speakers import match, reference_print  # noqa: E402
from transcription_api.engine.types import JobOptions, KnownSpeaker  # noqa: E402

PERSONAS = ("Tom", "Anna", "Ken", "Priya")
OTHER_THAN_PHONE_HELLO = ("meeting-3", "meeting-4", "phone-quick", "meeting-5")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="packaged-tiny.en")
    parser.add_argument("--seconds", default="3,5,8,10")
    args = parser.parse_args()
    from transcription_api.engine.pipeline import Engine
    from transcription_api.settings import ApiSettings

    with tempfile.TemporaryDirectory(prefix="known-") as folder:
        work = Path(folder)
        engine = Engine(ApiSettings(model=args.model, data_dir=work / "engine", cpu_threads=0))
        phone = realistic_call("phone-hello", "clean").path
        calls = {
            "clean two-voice call": (two_voice_call(work / "call.ogg").path, REFERENCES_FROM),
            "phone-hello (overlaps)": (phone, OTHER_THAN_PHONE_HELLO),
        }
        lengths = [float(s) for s in args.seconds.split(",")]
        for title, (path, sources) in calls.items():
            found = engine.transcribe(path, JobOptions(language="en", speaker_embeddings=True), lambda *_: None)
            prints = {label: np.asarray(v) for label, v in (found.speaker_embeddings or {})["speakers"].items()}
            print(f"\n{title}: {found.duration:.1f} s, speakers {found.speakers}")
            print(f"{'clip':>12} {'speech s':>8}  " + "  ".join(f"{label:>10}" for label in prints) + "  named")
            for persona in PERSONAS:
                for seconds in lengths:
                    _report(engine, work, reference_samples(persona, seconds, sources), persona, seconds, prints)


def _report(
    engine: object, work: Path, samples: np.ndarray, persona: str, seconds: float, prints: dict[str, np.ndarray]
) -> None:
    pcm = work / f"{persona}-{seconds:g}.pcm"
    pcm.write_bytes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    clip = reference_print(engine, KnownSpeaker(persona, str(pcm)))  # type: ignore[arg-type]
    if clip is None:
        print(f"{persona:>7} {seconds:>3g} s  no speech")
        return
    scores = "  ".join(f"{float(clip @ vector):>10.3f}" for vector in prints.values())
    named = match(prints, {persona: clip})[0]
    print(f"{persona:>7} {seconds:>3g} s {clip.seconds:>8.1f}  {scores}  {', '.join(named) or '-'}")


if __name__ == "__main__":
    main()
