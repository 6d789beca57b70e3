"""What the process running a job writes to its event log: progress when it moves, each block's segments once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from transcription_api.engine.types import Segment, Stage
from transcription_api.events.model import EventKind, segment_data

# (kind, data) -> anything (ignored); writes one event, only while the run still owns the job.
Write = Callable[[EventKind, dict[str, Any]], object]


class EventPublisher:
    """One per run of a job. A run after a crash or a requeue starts the recording again: segments that end before
    ``streamed_until`` (the end of the last one an earlier run told) were told already and are skipped, so a
    client following the log sees each part of the recording once."""

    def __init__(self, write: Write, streamed_until: float) -> None:
        self._write = write
        self._until = streamed_until
        self._at: tuple[str, int] | None = None

    def progress(self, stage: Stage, percent: float) -> None:
        """Written when the stage changes or the whole percentage moves (at most about a hundred per job)."""
        at = (stage.value, int(percent))
        if at != self._at:
            self._at = at
            self._write(EventKind.PROGRESS, {"stage": stage.value, "progress": percent})

    def segments(self, segments: list[Segment]) -> None:
        for segment in segments:
            if segment.end > self._until:
                self._write(EventKind.SEGMENT, segment_data(segment))
                self._until = segment.end
