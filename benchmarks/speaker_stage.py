"""The speaker stage on the realistic call set (tests/realistic): this tree against the one at ``--baseline``.

Each call is transcribed once with this tree's engine (the service's settings, ``--model``); then the speaker stage
of this tree and that of the baseline tree (``git archive <commit> transcription_api``, in a subprocess) put
speakers on the SAME words (a diarization-only job, ``JobOptions(diarize_only=True, words=...)``), so both are
judged on identical words. Plain faster-whisper (sequential, beam 5, same model) gives the WER to compare ours with.

Per condition: DER with collar 0 and ±0.25 s (pyannote.metrics, overlapped speech scored; hypothesis turns are runs
of consecutive words with one label), word→speaker accuracy (words aligned to the reference by text, labels mapped
one-to-one to real speakers), the share of calls whose speaker count is exact, WER ours vs faster-whisper.
The calls are rendered once and cached (``--cache``); the first run also synthesizes them (several minutes).

Usage: python benchmarks/speaker_stage.py [--conversations phone-hello,meeting-4] [--conditions phone,babble-10]
       [--pairs phone-hello/phone,meeting-4/babble-10] [--model packaged-base] [--baseline 2bd99c9]
       [--threads 0] [--cache ~/.cache/call-assistant/realistic]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.realistic import (  # noqa: E402
    CONDITIONS,
    CONVERSATIONS,
    DEFAULT_CACHE,
    RealisticCall,
    diarization_error_rate,
    overlap_share,
    realistic_call,
    word_error_rate,
    word_speaker_accuracy,
)

# The default set, 19 minutes of audio (about 10 CPU-minutes; 28 minutes on two cores at load 9): every condition
# but the three at 20 dB on the hello call; the telephone, babble at 5 dB and mixed sides on the quick call; the
# 90/10 call on the telephone; the small meetings in babble and the large ones on a laptop; the long call on the
# telephone.
DEFAULT_SET: dict[str, tuple[str, ...]] = {
    "phone-hello": tuple(name for name in CONDITIONS if not name.endswith("-20")),
    "phone-quick": ("phone", "babble-5", "mixed-sides"),
    "phone-monologue": ("phone",),
    **{f"meeting-{n}": ("babble-10",) for n in (3, 4)},
    **{f"meeting-{n}": ("laptop",) for n in (5, 6)},
    "long-return": ("phone",),
}
DRIVER = """
import json, sys
from pathlib import Path
from transcription_api.engine.pipeline import Engine
from transcription_api.engine.types import JobOptions, Word
from transcription_api.settings import ApiSettings

engine = Engine(ApiSettings(model=sys.argv[1], cpu_threads=int(sys.argv[2]), data_dir=Path(sys.argv[3])))
print("@@" + json.dumps({"ready": engine.describe()}), flush=True)
for line in sys.stdin:
    job = json.loads(line)
    words = tuple(Word(**w) for w in job["words"])
    options = JobOptions(language="en", diarize_only=True, words=words)
    out = engine.transcribe(Path(job["path"]), options, lambda stage, percent: None)
    found = [{"word": w.word, "start": w.start, "end": w.end, "speaker": w.speaker}
             for s in out.segments for w in s.words]
    print("@@" + json.dumps({"words": found, "speakers": out.speakers}), flush=True)
"""


@dataclass(frozen=True)
class StageScore:
    der: float
    der_collar: float
    accuracy: float
    speakers: int


@dataclass(frozen=True)
class CallScore:
    call: RealisticCall
    old: StageScore
    new: StageScore
    wer_ours: float
    wer_fw: float


class BaselineStage:
    """The baseline tree's engine in a subprocess, fed one diarization-only job at a time."""

    def __init__(self, commit: str, model: str, threads: int, folder: Path) -> None:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, "transcription_api"], capture_output=True, check=True
        ).stdout
        tree = folder / "tree"
        tree.mkdir()
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tree, filter="data")
        (tree / "driver.py").write_text(DRIVER)
        self.log = (folder / "baseline.log").open("w")
        env = {**os.environ, "PYTHONPATH": str(tree)}
        command = [sys.executable, str(tree / "driver.py"), model, str(threads), str(folder / "data")]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True, env=env, cwd=folder
        )
        self.ready = self._answer()["ready"]

    def speakers(self, path: Path, words: list[dict[str, Any]]) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"path": str(path), "words": words}) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def _answer(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("@@"):
                return dict(json.loads(line[2:]))
        raise RuntimeError(f"the baseline engine stopped; see {self.log.name}")

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=60)
        self.log.close()


def stage_score(words: list[dict[str, Any]], speakers: list[str], call: RealisticCall) -> StageScore:
    turns: list[list[Any]] = []
    for word in words:
        if turns and turns[-1][2] == word["speaker"]:
            turns[-1][1] = word["end"]
        else:
            turns.append([word["start"], word["end"], word["speaker"]])
    runs = [(float(a), float(b), str(label)) for a, b, label in turns]
    accuracy, _ = word_speaker_accuracy(words, call)
    return StageScore(
        diarization_error_rate(runs, call, 0.0), diarization_error_rate(runs, call, 0.25), accuracy, len(speakers)
    )


def score_call(call: RealisticCall, engine: Any, baseline: BaselineStage, reference: Any) -> CallScore:
    from transcription_api.engine.types import JobOptions, Word

    def ignore(stage: object, percent: float) -> None:
        return None

    transcript = engine.transcribe(call.path, JobOptions(language="en"), ignore)
    words = [w for s in transcript.segments for w in s.words]
    given = [
        {"word": w.word, "start": w.start, "end": w.end, "probability": w.probability, "space_before": w.space_before}
        for w in words
    ]
    again = engine.transcribe(
        call.path, JobOptions(language="en", diarize_only=True, words=tuple(Word(**w) for w in given)), ignore
    )
    new_words = [
        {"word": w.word, "start": w.start, "end": w.end, "speaker": w.speaker} for s in again.segments for w in s.words
    ]
    old = baseline.speakers(call.path, given)
    text = " ".join(s.text for s in transcript.segments)
    return CallScore(
        call,
        stage_score(old["words"], old["speakers"], call),
        stage_score(new_words, again.speakers, call),
        word_error_rate(text, call),
        word_error_rate(faster_whisper_text(reference, call.path), call),
    )


def faster_whisper_text(model: Any, path: Path) -> str:
    from transcription_api.engine.audio import decode

    segments, _ = model.transcribe(decode(path), language="en", beam_size=5, word_timestamps=True, vad_filter=True)
    return "".join(s.text for s in segments)


def print_condition(condition: str, scores: list[CallScore]) -> None:
    print(f"\n{condition}: {CONDITIONS[condition].about}")
    print(
        f"{'call':<16} {'spk':>3} {'DER old/new':>13} {'DER±.25 old/new':>16} {'words old/new':>14} "
        f"{'count old/new':>13} {'WER ours/f-w':>13}"
    )
    for s in scores:
        print(
            f"{s.call.conversation:<16} {len(s.call.speakers):>3} {s.old.der:6.3f}/{s.new.der:<6.3f} "
            f"{s.old.der_collar:8.3f}/{s.new.der_collar:<7.3f} {s.old.accuracy:7.3f}/{s.new.accuracy:<6.3f} "
            f"{s.old.speakers:>7}/{s.new.speakers:<5} {s.wer_ours:7.3f}/{s.wer_fw:<5.3f}"
        )
    if len(scores) > 1:
        print(summary_row("mean", scores))


def summary_row(name: str, scores: list[CallScore]) -> str:
    def mean(values: list[float]) -> float:
        return sum(values) / len(values)

    def exact(side: str) -> float:
        return mean([float(getattr(s, side).speakers == len(s.call.speakers)) for s in scores])

    return (
        f"{name:<16} {'':>3} {mean([s.old.der for s in scores]):6.3f}/{mean([s.new.der for s in scores]):<6.3f} "
        f"{mean([s.old.der_collar for s in scores]):8.3f}/{mean([s.new.der_collar for s in scores]):<7.3f} "
        f"{mean([s.old.accuracy for s in scores]):7.3f}/{mean([s.new.accuracy for s in scores]):<6.3f} "
        f"{exact('old'):7.0%}/{exact('new'):<5.0%} "
        f"{mean([s.wer_ours for s in scores]):7.3f}/{mean([s.wer_fw for s in scores]):<5.3f}"
    )


def print_set(calls: list[RealisticCall]) -> None:
    """What the conversations are: length, overlapped share of speech time, each speaker's share of talk time."""
    for name in dict.fromkeys(c.conversation for c in calls):
        call = next(c for c in calls if c.conversation == name)
        talk = {s: sum(t.end - t.start for t in call.turns if t.speaker == s) for s in call.speakers}
        shares = " ".join(f"{s} {v / sum(talk.values()):.0%}" for s, v in talk.items())
        print(f"  {name:<16} {call.duration:5.0f} s  overlap {overlap_share(call):4.0%}  talk: {shares}")


def selected(conversations: str, conditions: str, pairs_flag: str) -> list[tuple[str, str]]:
    """Pairs of the default set narrowed by the flags (both named: all their pairs), or exactly ``--pairs``."""
    if pairs_flag:
        return [(pair.split("/")[0], pair.split("/")[1]) for pair in pairs_flag.split(",")]
    wanted_conv = conversations.split(",") if conversations else list(CONVERSATIONS)
    wanted_cond = conditions.split(",") if conditions else list(CONDITIONS)
    pairs = [(c, k) for c in wanted_conv for k in wanted_cond if k in DEFAULT_SET.get(c, ())]
    if not pairs or (conversations and conditions):  # both named: exactly these
        pairs = [(c, k) for c in wanted_conv for k in wanted_cond]
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", default="", help=f"comma-separated, from: {', '.join(CONVERSATIONS)}")
    parser.add_argument("--conditions", default="", help=f"comma-separated, from: {', '.join(CONDITIONS)}")
    parser.add_argument("--pairs", default="", help="conversation/condition,... exactly these calls")
    parser.add_argument("--model", default="packaged-base")
    parser.add_argument("--baseline", default="2bd99c9", help="commit whose speaker stage is compared")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (0 = all cores)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    started = time.monotonic()
    pairs = selected(args.conversations, args.conditions, args.pairs)
    calls = [realistic_call(conversation, condition, args.cache) for conversation, condition in pairs]
    audio_s = sum(c.duration for c in calls)
    print(f"{len(calls)} calls, {audio_s / 60:.1f} min of audio (rendered in {time.monotonic() - started:.0f} s)")
    print_set(calls)
    from faster_whisper import WhisperModel

    from transcription_api.engine.pipeline import Engine
    from transcription_api.settings import ApiSettings

    with tempfile.TemporaryDirectory(prefix="speaker-stage-") as folder:
        settings = ApiSettings(model=args.model, cpu_threads=args.threads, data_dir=Path(folder) / "data")
        engine = Engine(settings)
        threads = args.threads or os.cpu_count() or 1
        reference = WhisperModel(engine.choice.reference, device="cpu", compute_type="int8", cpu_threads=threads)
        baseline = BaselineStage(args.baseline, args.model, args.threads, Path(folder))
        print(
            f"model {engine.choice.label}; this tree: {engine.describe()['diarizer']}; "
            f"baseline {args.baseline}: {baseline.ready['diarizer']}"
        )
        scores: dict[str, list[CallScore]] = {}
        for call in calls:
            scores.setdefault(call.condition, []).append(score_call(call, engine, baseline, reference))
            print(f"  {call.conversation} / {call.condition} done ({time.monotonic() - started:.0f} s)", flush=True)
        baseline.close()
    for condition, found in scores.items():
        print_condition(condition, found)
    print("\nall conditions (mean over calls; count = share of calls with the exact speaker count)")
    for condition, found in scores.items():
        print(summary_row(condition, found))
    print(summary_row("ALL", [s for found in scores.values() for s in found]))
    print(f"took {time.monotonic() - started:.0f} s for {audio_s / 60:.1f} min of audio")


if __name__ == "__main__":
    main()
