"""What the routes work with: the store, the worker, metrics and settings, reached through one typed object."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request

from transcription_api.engine.audio import probe_async
from transcription_api.engine.errors import MediaError
from transcription_api.engine.types import JobOptions, Stage
from transcription_api.errors import InvalidInput, UnsupportedMedia
from transcription_api.jobs.models import Job, JobStatus
from transcription_api.jobs.store import JobStore
from transcription_api.jobs.worker import Worker
from transcription_api.metrics import ServiceMetrics
from transcription_api.settings import ApiSettings
from transcription_api.uploads import ReceivedUpload


@dataclass(slots=True)
class Services:
    settings: ApiSettings
    store: JobStore
    worker: Worker
    metrics: ServiceMetrics
    engine_info: dict[str, Any]
    started_at: float

    async def check_media(self, upload: ReceivedUpload) -> None:
        """Refuse files that are not usable audio, removing them from disk."""
        try:
            await probe_async(upload.path)
        except MediaError as exc:
            upload.discard()
            error = UnsupportedMedia(str(exc)) if exc.unsupported else InvalidInput(str(exc))
            self.metrics.rejected.labels(str(error.status_code)).inc()
            raise error from exc

    def enqueue(self, upload: ReceivedUpload, options: JobOptions, origin: str) -> Job:
        job = Job(
            id=uuid.uuid4().hex, seq=0, created_at=time.time(), status=JobStatus.QUEUED, stage=Stage.QUEUED.value,
            progress=0.0, options=options, filename=upload.filename, upload_path=str(upload.path), error=None,
            result=None, started_at=None, finished_at=None, origin=origin,
        )  # fmt: skip
        try:
            self.store.create(job)
        except BaseException:
            upload.discard()
            raise
        self.metrics.submitted.labels(origin).inc()
        self.metrics.uploaded_bytes.inc(upload.size)
        self.worker.wake()
        return job

    def purge_expired(self) -> None:
        """Drop results past retention and upload files no job refers to."""
        self.store.purge_finished_before(time.time() - self.settings.retention_hours * 3600)
        remove_orphan_uploads(self.settings.uploads_dir, self.store.live_upload_paths(), min_age_s=3600)


def remove_orphan_uploads(directory: Path, live: set[str], min_age_s: float) -> int:
    """Delete upload files no job points at (left by a crash mid-upload); young files may be in flight."""
    if not directory.is_dir():
        return 0
    removed = 0
    now = time.time()
    for path in directory.glob("*.upload"):
        if str(path) not in live and now - path.stat().st_mtime >= min_age_s:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services
