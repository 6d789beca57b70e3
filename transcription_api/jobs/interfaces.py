"""What the routes, retention and metrics need from a job store and from whatever runs the jobs, in either mode:
embedded (jobs.store's SQLite + jobs.worker's thread) or distributed (distributed.redis_store + Celery workers)."""

from __future__ import annotations

from typing import Any, Protocol

from transcription_api.events.model import JobEvent
from transcription_api.jobs.models import Job


class JobBook(Protocol):
    """Job state every process of the service reads and writes (blocking calls: run them in a thread)."""

    def create(self, job: Job) -> tuple[Job, bool]: ...

    def get(self, job_id: str) -> Job | None: ...

    def cancel(self, job_id: str) -> Job | None: ...

    def mark_fetched(self, job_id: str) -> None: ...

    def delete(self, job_id: str) -> bool: ...

    def queue_position(self, job: Job) -> int | None: ...

    def events(self, job_id: str, after: str | None, limit: int) -> list[JobEvent]: ...

    def counts(self) -> dict[str, int]: ...

    def purge(self, fetched_before: float, finished_before: float) -> list[str]: ...

    def live_upload_paths(self) -> set[str]: ...

    def close(self) -> None: ...


class JobRunner(Protocol):
    """Whoever runs queued jobs: told when one is queued or cancelled while running."""

    def wake(self) -> None: ...

    def cancel(self, job_id: str) -> None: ...

    def stop(self) -> None:
        """Stop its background thread (the service is shutting down)."""
        ...

    @property
    def alive(self) -> bool: ...

    def report(self) -> dict[str, Any]:
        """What /health adds about the runners (blocking)."""
        ...
