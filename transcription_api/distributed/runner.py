"""What a worker process does with a turn: take the next job in fair order from the shared store and run it on the
engine it loaded once, writing progress and the outcome only while its run still owns the job. The job's lease is
renewed by the worker's housekeeping thread (worker_status) while ``held`` names it."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from transcription_api.distributed.redis_store import RedisJobStore, Unreachable
from transcription_api.engine.errors import EngineError, JobCancelled
from transcription_api.engine.types import ProgressCallback, Stage
from transcription_api.events.model import EventKind
from transcription_api.events.publisher import EventPublisher
from transcription_api.jobs.models import Job, JobStatus
from transcription_api.jobs.upload_files import remove_upload
from transcription_api.jobs.worker import JobObserver, TranscriptionEngine, WriteGate, attempts_exhausted

log = logging.getLogger(__name__)
T = TypeVar("T")
RETRY_MAX_S = 5.0


class TurnRunner:
    """Runs one job per turn (Celery runs one turn at a time per worker process)."""

    def __init__(
        self,
        store: RedisJobStore,
        engine: TranscriptionEngine,
        observer: JobObserver,
        max_attempts: int,
        worker_id: str,
        lease_s: float,
    ) -> None:
        self._store = store
        self._engine = engine
        self._observer = observer
        self._max_attempts = max_attempts
        self.worker_id = worker_id
        self.lease_s = lease_s
        self.stopping = threading.Event()  # set on a graceful shutdown: the running job goes back to its place
        self.held: tuple[str, str] | None = None  # (job id, run) of the running job, whose lease must be renewed

    @property
    def current(self) -> str | None:
        held = self.held
        return held[0] if held else None

    def take_turn(self, turn: str) -> bool:
        """Run the next job for ``turn`` (the delivery's id: the same when Celery redelivers it). True when no job
        ran to its end because the worker is stopping: the queue then needs a turn in place of this one."""
        exhausted = attempts_exhausted(self._max_attempts)
        while not self.stopping.is_set():
            run = uuid.uuid4().hex
            job = self._durably(
                self._store.claim, turn, run, self.worker_id, self._max_attempts, exhausted, self.lease_s
            )
            if job is None:
                return False
            if job.status != JobStatus.FAILED:
                return self._process(job, run)
            log.error("job %s failed: %s", job.id, exhausted)  # a poison job: not run again; the turn goes on
            self._remove_upload(job)
            self._observer.job_finished(job, "failed", 0.0, 0.0)
        return True

    def _process(self, job: Job, run: str) -> bool:
        self.held = (job.id, run)
        started = time.monotonic()
        status, audio_seconds, interrupted = "failed", 0.0, False
        try:
            events = self._publisher(job.id, run)
            progress = self._progress(job.id, run, events)
            transcript = self._engine.transcribe(Path(job.upload_path or ""), job.options, progress, events.segments)
            audio_seconds = transcript.duration
            stored = self._durably(self._store.complete, job.id, run, transcript.to_dict())
            status = "completed" if stored else "cancelled"
        except JobCancelled:
            status = "cancelled"
            if self.stopping.is_set() and self._durably(self._store.requeue, job.id, run):
                status, interrupted = "interrupted", True  # shut down mid-job: another turn runs it again
        except EngineError as exc:
            self._durably(self._store.fail, job.id, run, str(exc))
        except Exception as exc:  # a crash in a model library must not take the worker down
            log.exception("job %s crashed the engine", job.id)
            self._durably(self._store.fail, job.id, run, f"Transcription failed inside the engine: {exc!r}")
        finally:
            self.held = None
        if not interrupted:
            self._remove_upload(job)
        self._observer.job_finished(job, status, audio_seconds, time.monotonic() - started)
        return interrupted

    def _remove_upload(self, job: Job) -> None:
        """The upload goes once the job no longer needs it; not when another delivery of it has taken over."""
        now = self._durably(self._store.get, job.id)
        if job.upload_path and (now is None or now.status.finished):
            remove_upload(Path(job.upload_path))

    def _publisher(self, job_id: str, run: str) -> EventPublisher:
        """Segments must reach the log (retried while Redis is away); progress is best effort, as below."""

        def write(kind: EventKind, data: dict[str, Any]) -> None:
            if kind == EventKind.SEGMENT:
                self._durably(self._store.publish, job_id, run, kind, data)
                return
            with contextlib.suppress(*Unreachable):  # progress is best effort
                self._store.publish(job_id, run, kind, data)

        return EventPublisher(write, self._durably(self._store.streamed_until, job_id))

    def _progress(self, job_id: str, run: str, events: EventPublisher) -> ProgressCallback:
        gate = WriteGate()

        def report(stage: Stage, percent: float) -> None:
            if self.stopping.is_set():
                raise JobCancelled(job_id)
            if not gate.due(stage, percent):
                return
            try:
                owned = self._store.set_progress(job_id, run, stage.value, percent)
            except Unreachable:
                return  # progress is best effort; the outcome waits for the store
            if not owned:  # cancelled or deleted through the API, or taken over by a redelivery
                raise JobCancelled(job_id)
            events.progress(stage, percent)

        return report

    def _durably(self, call: Callable[..., T], *args: object) -> T:
        """A store call that must land: retried while Redis is unreachable (the turn stays unacknowledged meanwhile,
        so a worker that dies here leaves the job to its redelivery)."""
        delay = 0.2
        while True:
            try:
                return call(*args)
            except Unreachable:
                log.warning("the job store is unreachable; retrying in %.1f s", delay, exc_info=True)
                time.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_S)
