"""Synthesized speech for tests: espeak-ng voices stitched with sox into dialogues with known turn times."""

from __future__ import annotations

import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg

RATE = 16_000
# Four espeak voices far enough apart for a voice encoder to tell (average cosine distance between their windows
# 0.40 to 0.57, against 0.16 to 0.23 within one voice); en-gb+m7, for one, is too close to en-us+m3 (0.30).
VOICES = {"alice": "en-us+f3", "bob": "en-us+m3", "carol": "en-us+klatt", "dave": "en-us+steph"}

MEETING = [
    ("bob", "Good morning everyone, thank you for joining the weekly planning meeting today."),
    ("alice", "Thanks. I reviewed the budget report yesterday and the numbers look good."),
    ("bob", "Great. We need to finish the mobile release before the end of the month."),
    ("alice", "I agree. Maria will prepare the marketing plan by Friday."),
    ("bob", "Who is responsible for testing the new payment system?"),
    ("alice", "David will test the payment system and send a report next Tuesday."),
]


@dataclass(frozen=True)
class Turn:
    speaker: str
    text: str
    start: float
    end: float


# A planning call for three or four people (carol and dave join alice and bob).
ROUND_TABLE = [
    ("bob", "Good morning everyone, let us go through the launch checklist together."),
    ("carol", "The warehouse is ready. We received the new shelves on Monday and installed them."),
    ("alice", "Marketing is ready too. The campaign starts on the first of the month."),
    ("dave", "Support needs two more people for the first week after the launch."),
    ("bob", "Can we borrow them from the sales team for a week?"),
    ("carol", "I will ask the sales manager this afternoon and tell you tomorrow."),
    ("dave", "Thank you. Please also send me the list of known problems before Friday."),
    ("alice", "I will write the list and share it with everyone on Thursday."),
]


@dataclass(frozen=True)
class Dialogue:
    path: Path
    turns: list[Turn]

    @property
    def script(self) -> str:
        return " ".join(t.text for t in self.turns)

    def turn_at(self, t: float) -> Turn:
        """The turn containing time t, or the nearest one."""
        return min(
            self.turns,
            key=lambda turn: 0.0 if turn.start <= t <= turn.end else min(abs(t - turn.start), abs(t - turn.end)),
        )


def tools_available() -> bool:
    return shutil.which("espeak-ng") is not None and shutil.which("sox") is not None


def synthesize(lines: list[tuple[str, str]], dest: Path, gap_s: float = 0.6) -> Dialogue:
    """Speak each (speaker, text) line with that speaker's voice, separated by silence."""
    work = dest.parent / f"{dest.stem}-parts"
    work.mkdir(parents=True, exist_ok=True)
    parts: list[str] = []
    turns: list[Turn] = []
    cursor = 0.0
    for index, (speaker, text) in enumerate(lines):
        raw, clean, pause = work / f"{index}-raw.wav", work / f"{index}.wav", work / f"{index}-gap.wav"
        subprocess.run(["espeak-ng", "-v", VOICES[speaker], "-s", "160", "-w", str(raw), text], check=True)
        subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(clean)], check=True)
        subprocess.run(
            ["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(pause), "trim", "0", str(gap_s)], check=True
        )
        length = wav_seconds(clean)
        turns.append(Turn(speaker, text, round(cursor, 3), round(cursor + length, 3)))
        cursor += length + gap_s
        parts += [str(clean), str(pause)]
    subprocess.run(["sox", *parts, str(dest)], check=True)
    shutil.rmtree(work)
    return Dialogue(dest, turns)


def synthesize_turns(turns: list[tuple[str, str, float]], dest: Path) -> Dialogue:
    """Like :func:`synthesize`, with the silence *after* each turn given, and each utterance trimmed of espeak's
    own leading and trailing silence: a gap of 0 makes the next speaker start the instant the last word ends,
    and each Turn's times are those of its speech."""
    work = dest.parent / f"{dest.stem}-parts"
    work.mkdir(parents=True, exist_ok=True)
    parts: list[str] = []
    known: list[Turn] = []
    cursor = 0.0
    trim = ["silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse"]
    for index, (speaker, text, gap_s) in enumerate(turns):
        raw, clean = work / f"{index}-raw.wav", work / f"{index}.wav"
        subprocess.run(["espeak-ng", "-v", VOICES[speaker], "-s", "160", "-w", str(raw), text], check=True)
        subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(clean), *trim], check=True)
        length = wav_seconds(clean)
        known.append(Turn(speaker, text, round(cursor, 3), round(cursor + length, 3)))
        parts.append(str(clean))
        if gap_s > 0:
            pause = work / f"{index}-gap.wav"
            subprocess.run(
                ["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(pause), "trim", "0", str(gap_s)], check=True
            )
            parts.append(str(pause))
        cursor += length + gap_s
    subprocess.run(["sox", *parts, str(dest)], check=True)
    shutil.rmtree(work)
    return Dialogue(dest, known)


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as handle:
        return handle.getnframes() / handle.getframerate()


def ffmpeg(*args: str) -> None:
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-v", "error", "-y", *args], check=True)


def to_video(audio: Path, dest: Path) -> Path:
    """Wrap audio into an MP4 with a small test-pattern video track."""
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=160x120:rate=5",
        "-i",
        str(audio),
        "-shortest",
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        str(dest),
    )
    return dest
