"""What the routes work with: the store, the worker, metrics and settings, reached through one typed object.

The same in both modes: embedded (SQLite and a worker thread) and distributed (Redis and Celery workers)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool

from transcription_api.engine.audio import probe_async
from transcription_api.engine.errors import MediaError
from transcription_api.engine.limits import too_long
from transcription_api.engine.types import JobOptions, Stage, Word
from transcription_api.errors import ApiError, InvalidInput, UnsupportedMedia
from transcription_api.given_words import check_within
from transcription_api.identity import Identity, new_task_id
from transcription_api.jobs.interfaces import JobBook, JobRunner
from transcription_api.jobs.models import Job, JobStatus
from transcription_api.jobs.retention import RetentionPolicy, reports_outcome
from transcription_api.jobs.upload_files import remove_upload
from transcription_api.metrics import ServiceMetrics
from transcription_api.settings import ApiSettings
from transcription_api.uploads import ReceivedUpload


@dataclass(slots=True)
class ApiRuntime:
    settings: ApiSettings
    store: JobBook
    worker: JobRunner
    metrics: ServiceMetrics
    retention: RetentionPolicy
    engine_info: dict[str, Any]
    started_at: float

    async def accept(
        self, upload: ReceivedUpload, options: JobOptions, identity: Identity, origin: str
    ) -> tuple[Job, bool]:
        """Queue an upload: (job, created). A job that already has the chosen id is answered instead (idempotent
        replay). Only a new job claims the upload's file; the route's ``finally`` (``upload.close()``) removes it
        in every other case, whatever was raised."""
        if identity.task_id is not None:
            existing = await run_in_threadpool(self.store.get, identity.task_id)
            if existing is not None:
                return existing, False
        await self.check_media(upload, options.words)
        return await run_in_threadpool(self.enqueue, upload, options, identity, origin)

    async def check_media(self, upload: ReceivedUpload, words: tuple[Word, ...] | None = None) -> None:
        """Refuse files that are not usable audio, or longer than the limit, or shorter than the given words."""
        try:
            info = await probe_async(upload.path)
            if info.duration is not None and info.duration > self.settings.max_duration_s:
                raise InvalidInput(too_long(info.duration, self.settings.max_duration_s))
            if words is not None:
                check_within(words, info.duration)
        except MediaError as exc:
            error: ApiError = UnsupportedMedia(str(exc)) if exc.unsupported else InvalidInput(str(exc))
            self.metrics.rejected.labels(str(error.status_code)).inc()
            raise error from exc
        except ApiError as error:
            self.metrics.rejected.labels(str(error.status_code)).inc()
            raise

    def enqueue(self, upload: ReceivedUpload, options: JobOptions, identity: Identity, origin: str) -> tuple[Job, bool]:
        """Store the job (blocking: call from a thread); a concurrent submit with the same id wins over this one."""
        job = Job(
            id=identity.task_id or new_task_id(),
            seq=0,
            created_at=time.time(),
            status=JobStatus.QUEUED,
            stage=Stage.QUEUED.value,
            progress=0.0,
            options=options,
            filename=upload.filename,
            upload_path=str(upload.path),
            error=None,
            result=None,
            started_at=None,
            finished_at=None,
            origin=origin,
            user_tag=identity.user_tag,
        )
        stored, created = self.store.create(job)
        if not created:
            return stored, False
        upload.claim()
        self.metrics.submitted.labels(origin).inc()
        self.metrics.uploaded_bytes.inc(upload.size)
        self.worker.wake()
        return stored, True

    def cancel(self, job_id: str) -> Job | None:
        """Cancel an unfinished job (blocking): a running one stops at its next progress report, a queued one's upload
        is removed now. Returns the job as it was, or None when it is unknown or already finished."""
        before = self.store.cancel(job_id)
        if before is not None and before.status == JobStatus.PROCESSING:
            self.worker.cancel(job_id)
        elif before is not None and before.upload_path:
            remove_upload(Path(before.upload_path))
        return before

    def discard(self, job_id: str) -> None:
        """Stop the job if it still runs and delete it with its data (blocking)."""
        self.cancel(job_id)
        self.store.delete(job_id)

    def note_answer(self, job: Job, result_returned: bool) -> None:
        """A status or result answer is going out: it may be the fetch retention counts from (blocking)."""
        if reports_outcome(job, result_returned):
            self.store.mark_fetched(job.id)

    def purge_expired(self) -> None:
        """Drop jobs past retention and upload files no job refers to (see jobs.retention)."""
        self.retention.purge(self.store)


def get_runtime(request: Request) -> ApiRuntime:
    runtime: ApiRuntime = request.app.state.runtime
    return runtime
