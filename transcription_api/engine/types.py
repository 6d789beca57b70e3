"""Typed payloads passed between engine stages and stored as a job's result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

SAMPLE_RATE = 16_000


class Stage(StrEnum):
    """What the worker is doing with a job right now."""

    QUEUED = "queued"
    DECODING = "decoding"
    TRANSCRIBING = "transcribing"
    ALIGNING = "aligning"
    DIARIZING = "diarizing"
    FINISHING = "finishing"
    DONE = "done"


# (stage, percent of the whole job 0-100) -> None; may raise to stop the job.
ProgressCallback = Callable[[Stage, float], None]


@dataclass(slots=True)
class Word:
    """One recognized word. ``space_before`` is false when it continues the text without a space, as whisper
    wrote it (",000" after "$47", "%" after "3.5", every character of Chinese or Japanese): text is rebuilt by
    concatenation (see ``join_words``), never by joining words with spaces."""

    word: str
    start: float
    end: float
    speaker: str | None = None
    probability: float | None = None
    space_before: bool = True


def join_words(words: list[Word]) -> str:
    """The text the words were recognized as, with whisper's own spacing and punctuation."""
    return "".join(f" {w.word}" if w.space_before else w.word for w in words).strip()


@dataclass(slots=True)
class Segment:
    start: float
    end: float
    text: str
    speaker: str | None = None
    words: list[Word] = field(default_factory=list)


# Told each block's final segments as soon as they are known (speakers provisional: engine.provisional).
SegmentSink = Callable[[list[Segment]], None]


@dataclass(slots=True)
class SpeakerTurn:
    start: float
    end: float
    speaker: str


@dataclass(slots=True)
class Transcript:
    language: str
    duration: float
    segments: list[Segment]
    speakers: list[str]
    speaker_embeddings: dict[str, Any] | None = None  # only when the job asked: see engine.voice_prints
    known_speakers: list[dict[str, Any]] | None = None  # only when the job gave some: see engine.known_speakers

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for optional in ("speaker_embeddings", "known_speakers"):
            if data[optional] is None:
                del data[optional]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        segments = [
            Segment(
                start=s["start"],
                end=s["end"],
                text=s["text"],
                speaker=s.get("speaker"),
                words=[Word(**w) for w in s.get("words", [])],
            )
            for s in data["segments"]
        ]
        speakers = list(data.get("speakers", []))
        return cls(
            data["language"],
            data["duration"],
            segments,
            speakers,
            data.get("speaker_embeddings"),
            data.get("known_speakers"),
        )


@dataclass(frozen=True, slots=True)
class KnownSpeaker:
    """A speaker the client named, with a reference clip of their voice: ``reference`` is the path of the clip
    decoded to 16 kHz mono 16-bit PCM, a file kept beside the job's upload (see jobs.upload_files)."""

    name: str
    reference: str


@dataclass(frozen=True, slots=True)
class JobOptions:
    """Per-job choices a client can make (validated at the API edge)."""

    language: str | None = None
    diarize: bool = True
    min_speakers: int | None = None
    max_speakers: int | None = None
    num_speakers: int | None = None
    initial_prompt: str | None = None
    speaker_embeddings: bool = False
    # Diarization only: these words of an earlier transcript of the same recording get speakers; no ASR runs.
    diarize_only: bool = False
    words: tuple[Word, ...] | None = None
    known_speakers: tuple[KnownSpeaker, ...] = ()  # speakers to name from their reference clips

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JobOptions:
        """Options as stored (``dataclasses.asdict``): the given words come back as ``Word``s, the known speakers
        as ``KnownSpeaker``s."""
        words = data.get("words")
        known = tuple(KnownSpeaker(**k) for k in data.get("known_speakers", ()))
        return cls(
            **{**data, "words": tuple(Word(**w) for w in words) if words is not None else None, "known_speakers": known}
        )
