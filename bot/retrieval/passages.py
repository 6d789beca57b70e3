"""Passages: short windows of consecutive segments, overlapping by one, each quoted as ``[mm:ss · Speaker] text``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.shared.speaker_names import SpeakerNames
from bot.shared.timecodes import mmss
from database.models import Segment


@dataclass(frozen=True, slots=True)
class Passage:
    index: int
    first: int  # index of its first segment in the call
    segments: tuple[Segment, ...]
    text: str  # quoted lines, one per segment

    @property
    def start(self) -> float:
        return self.segments[0].start


def quote(segment: Segment, names: SpeakerNames) -> str:
    return f"[{mmss(segment.start)} · {names.name(segment.speaker)}] {segment.text}"


def build_passages(segments: Sequence[Segment], names: SpeakerNames, max_words: int = 60) -> list[Passage]:
    """Cut the call into passages of about ``max_words`` words; consecutive passages share one segment."""
    passages: list[Passage] = []
    first = 0
    while first < len(segments):
        last, words = first, 0
        while last < len(segments) and (last == first or words + _words(segments[last]) <= max_words):
            words += _words(segments[last])
            last += 1
        window = tuple(segments[first:last])
        text = "\n".join(quote(s, names) for s in window)
        passages.append(Passage(len(passages), first, window, text))
        if last >= len(segments):
            break
        first = last - 1 if last - 1 > first else last
    return passages


def _words(segment: Segment) -> int:
    return len(segment.text.split())
