"""A job's event stream as the service sends it (``GET /transcribe/{id}/events``, server-sent events): progress,
segments as they are final, then one terminal event. Parsing only; the client opens the stream."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.shared.errors import TranscriptionError

# A quiet stream gets a keep-alive every 15 s; this long without even one, the connection is taken for dead.
READ_TIMEOUT_S = 60.0


class EventsUnsupported(TranscriptionError):
    """The service has no events route (an older service): follow the job by polling its status."""


class EventKind(StrEnum):
    PROGRESS = "progress"
    SEGMENT = "segment"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    OTHER = "other"  # a kind this bot does not know (a newer service): skipped, but it shows the job moves

    @classmethod
    def of(cls, name: str) -> EventKind:
        try:
            return cls(name)
        except ValueError:
            return cls.OTHER

    @property
    def terminal(self) -> bool:
        return self in (EventKind.DONE, EventKind.FAILED, EventKind.CANCELLED)


@dataclass(frozen=True, slots=True)
class JobEvent:
    """One event; ``id`` is opaque (resume after it), empty for the closing event of a job that has no log."""

    id: str
    kind: EventKind
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StreamedSegment:
    """A segment told while the job runs: its text and times are final, its speaker label is provisional."""

    start: float
    end: float
    text: str
    speaker: str | None


def streamed_segment(event: JobEvent) -> StreamedSegment | None:
    """The segment a ``segment`` event carries; None for a malformed one (never trusted blindly)."""
    start, end, text, speaker = (event.data.get(key) for key in ("start", "end", "text", "speaker"))
    if not isinstance(start, int | float) or not isinstance(end, int | float) or not isinstance(text, str):
        return None
    return StreamedSegment(float(start), float(end), text.strip(), speaker if isinstance(speaker, str) else None)


async def read_events(lines: AsyncIterator[str]) -> AsyncIterator[JobEvent | None]:
    """The events of an SSE body as they arrive; ``None`` for each comment (a keep-alive: the link is alive, the
    job has not moved). An event without data, or with data that is not a JSON object, is skipped."""
    fields: dict[str, str] = {}
    async for line in lines:
        if line.startswith(":"):
            yield None
        elif line:
            name, _, value = line.partition(":")
            fields[name] = value[1:] if value.startswith(" ") else value
        elif fields:
            event = _event(fields)
            fields = {}
            if event is not None:
                yield event


def _event(fields: dict[str, str]) -> JobEvent | None:
    try:
        data = json.loads(fields.get("data", ""))
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    return JobEvent(fields.get("id", ""), EventKind.of(fields.get("event", "message")), data)
