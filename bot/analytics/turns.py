"""Turns of a conversation: maximal runs of speech by one speaker, from word times when the transcript has them.

A segment of the transcription service may hold words of two speakers (a quick reply inside one sentence of
ASR); its words carry their own speaker, so turns are cut at the word where the speaker changes. A segment
without timed words counts as a whole, with its own speaker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from database import Segment, Word

_QUESTION = re.compile(r"\?+")


@dataclass(frozen=True, slots=True)
class Utterance:
    """What one speaker said without a break inside one segment (the whole segment when its words are untimed)."""

    speaker: str
    start: float
    end: float
    text: str
    words: int


@dataclass(frozen=True, slots=True)
class Turn:
    speaker: str
    start: float
    end: float
    words: int
    questions: int

    @property
    def seconds(self) -> float:
        return max(0.0, self.end - self.start)


def _timed(segment: Segment) -> bool:
    return bool(segment.words) and all(w.start is not None and w.end is not None for w in segment.words)


def _joined(text: str, word: str) -> str:
    """Word tokens may carry their own leading space (faster-whisper) or not (alignment): join them either way."""
    return text + word if not text or word[:1].isspace() else f"{text} {word}"


def _split_by_speaker(segment: Segment) -> list[Utterance]:
    found: list[Utterance] = []
    for word in segment.words:
        speaker = word.speaker or segment.speaker
        if not speaker or not word.word.strip():
            continue
        start, end = _times(word)
        last = found[-1] if found else None
        if last is not None and last.speaker == speaker:
            text = _joined(last.text, word.word)
            found[-1] = Utterance(speaker, last.start, max(last.end, end), text, last.words + 1)
        else:
            found.append(Utterance(speaker, start, end, word.word, 1))
    return [Utterance(u.speaker, u.start, u.end, u.text.strip(), u.words) for u in found]


def _times(word: Word) -> tuple[float, float]:
    start = float(word.start or 0.0)
    return start, max(start, float(word.end or start))


def utterances_of(segments: Sequence[Segment]) -> list[Utterance]:
    """The call's speech in time order, split wherever a segment's words change speaker."""
    found: list[Utterance] = []
    for segment in segments:
        if _timed(segment):
            found += _split_by_speaker(segment)
        elif segment.speaker and segment.text.strip():
            text = segment.text.strip()
            found.append(Utterance(segment.speaker, segment.start, segment.end, text, len(text.split())))
    return sorted(found, key=lambda u: (u.start, u.end))


def turns_of(segments: Sequence[Segment]) -> list[Turn]:
    """The call's turns in order: consecutive speech of one speaker is one turn, whatever the pauses inside."""
    turns: list[Turn] = []
    for piece in utterances_of(segments):
        last = turns[-1] if turns else None
        questions = len(_QUESTION.findall(piece.text))
        if last is not None and last.speaker == piece.speaker:
            turns[-1] = Turn(
                last.speaker, last.start, max(last.end, piece.end), last.words + piece.words, last.questions + questions
            )
        else:
            turns.append(Turn(piece.speaker, piece.start, piece.end, piece.words, questions))
    return turns
