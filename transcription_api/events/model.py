"""What a job's event log holds: events with increasing ids, one log per job, bounded."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from transcription_api.engine.types import Segment

# Events a job's log keeps at most (progress and segments); its terminal event is always written, past the cap.
MAX_EVENTS_PER_JOB = 20_000


class EventKind(StrEnum):
    PROGRESS = "progress"
    SEGMENT = "segment"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def terminal(self) -> bool:
        return self in (EventKind.DONE, EventKind.FAILED, EventKind.CANCELLED)


# The terminal event each finished job status writes.
TERMINAL_KIND = {"completed": EventKind.DONE, "failed": EventKind.FAILED, "cancelled": EventKind.CANCELLED}


@dataclass(frozen=True, slots=True)
class JobEvent:
    """``id`` is opaque to clients (an integer in embedded mode, a Redis stream id in distributed mode) and grows."""

    id: str
    kind: EventKind
    data: dict[str, Any]


class BadEventId(ValueError):
    """A Last-Event-ID (or ``after``) that no event log of this service could have written."""


def segment_data(segment: Segment) -> dict[str, Any]:
    return {"start": segment.start, "end": segment.end, "text": segment.text, "speaker": segment.speaker}


def done_data(result: dict[str, Any]) -> dict[str, Any]:
    """A completed job's terminal event: what it found, not the transcript (fetch the result for that)."""
    return {
        "status": "completed",
        "language": result.get("language"),
        "duration": result.get("duration"),
        "speakers": result.get("speakers", []),
        "segments": len(result.get("segments", [])),
    }
