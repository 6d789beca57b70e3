"""Job records and their status."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from transcription_api.engine.types import JobOptions


class JobStatus(StrEnum):
    """Life of a job; only the worker and the cancel path change it."""

    QUEUED = "queued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED)


@dataclass(slots=True)
class Job:
    id: str
    seq: int
    created_at: float
    status: JobStatus
    stage: str
    progress: float
    options: JobOptions
    filename: str
    upload_path: str | None
    error: str | None
    result: dict[str, Any] | None
    started_at: float | None
    finished_at: float | None
    origin: str
    user_tag: str = ""
    rank: int = 0
    attempts: int = 0
    fetched_at: float | None = None
    updated_at: float | None = None  # distributed mode: last change of state or progress (None in embedded mode)
    requeued_at: float | None = None  # distributed mode: when its dead worker's run was last put back in the queue

    @property
    def recovered(self) -> bool:
        """An earlier run of this job was cut short by a crash (its worker or the service died) and it was queued
        again; a graceful stop does not count (that run is not counted as an attempt)."""
        return self.attempts > 1 or (self.status == JobStatus.QUEUED and self.attempts > 0)

    @classmethod
    def from_row(cls, row: Any) -> Job:
        return cls(
            id=row["id"],
            seq=row["seq"],
            created_at=row["created_at"],
            status=JobStatus(row["status"]),
            stage=row["stage"],
            progress=row["progress"],
            options=JobOptions.from_dict(json.loads(row["options"])),
            filename=row["filename"],
            upload_path=row["upload_path"],
            error=row["error"],
            result=json.loads(row["result"]) if row["result"] else None,
            started_at=row["started_at"],
            finished_at=row["finished_at"],
            origin=row["origin"],
            user_tag=row["user_tag"],
            rank=row["rank"],
            attempts=row["attempts"],
            fetched_at=row["fetched_at"],
        )


def options_json(options: JobOptions) -> str:
    return json.dumps(asdict(options))
