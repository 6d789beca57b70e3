"""The first part of a long call's transcript while the rest is processed: the latest lines of the segments the
service has streamed so far, shown under the progress bar of the status message (bounded in lines and length).

Speakers are numbered by first appearance, as the final transcript numbers them, but they are provisional: the
service decides them over the whole recording at the end. The preview is made again from the start of the event
stream after a restart (the same lines come back), and the status message's next stage replaces it."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from bot.transcription.job_events import StreamedSegment

PREVIEW_LINES = 6  # lines shown at most
LINE_CHARS = 160  # a longer segment's text is cut (with "…")


@dataclass(frozen=True, slots=True)
class PreviewLine:
    start: float
    speaker: int | None  # provisional number (1, 2, …) by first appearance; None: the service gave none
    text: str


class TranscriptPreview:
    """Collects streamed segments; shows the latest lines once they reach ``after_s`` into the recording (None:
    never)."""

    def __init__(self, after_s: float | None) -> None:
        self._after_s = after_s
        self._numbers: dict[str, int] = {}
        self._lines: deque[PreviewLine] = deque(maxlen=PREVIEW_LINES)
        self._reached = 0.0

    def add(self, segment: StreamedSegment) -> None:
        if not segment.text:
            return
        number = None
        if segment.speaker is not None:
            number = self._numbers.setdefault(segment.speaker, len(self._numbers) + 1)
        text = segment.text if len(segment.text) <= LINE_CHARS else segment.text[: LINE_CHARS - 1] + "…"
        self._lines.append(PreviewLine(segment.start, number, text))
        self._reached = max(self._reached, segment.end)

    @property
    def lines(self) -> tuple[PreviewLine, ...]:
        """The lines to show now; none while off or before the segments reach ``after_s``."""
        if self._after_s is None or self._reached < self._after_s:
            return ()
        return tuple(self._lines)
