"""One worker thread owns the engine and runs queued jobs in order, one at a time."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from transcription_api.engine.errors import EngineError, JobCancelled
from transcription_api.engine.types import JobOptions, ProgressCallback, SegmentSink, Stage, Transcript
from transcription_api.events.publisher import EventPublisher
from transcription_api.jobs.models import Job, JobStatus
from transcription_api.jobs.store import JobStore
from transcription_api.jobs.upload_files import remove_upload

log = logging.getLogger(__name__)
PROGRESS_EVERY_S = 0.5


def attempts_exhausted(attempts: int) -> str:
    """The error a poison job ends with: every run of it took the process down."""
    return (
        f"This recording stopped the transcription service {attempts} times (crash, out of memory or a decoder hang);"
        " it was not transcribed."
    )


class TranscriptionEngine(Protocol):
    def transcribe(
        self, path: Path, options: JobOptions, progress: ProgressCallback, segments: SegmentSink | None = None
    ) -> Transcript: ...


class JobObserver(Protocol):
    def job_finished(self, job: Job, status: str, audio_seconds: float, elapsed: float) -> None: ...


class Worker:
    """Runs jobs from the store; wakes on new jobs, purges expired ones when idle.

    If the thread itself dies (a bug or a broken database, not a failing job), ``on_death`` is told why: the
    process must stop and be restarted rather than accept jobs nobody will run.
    """

    def __init__(
        self,
        store: JobStore,
        engine: TranscriptionEngine,
        observer: JobObserver,
        purge: Callable[[], None],
        purge_interval_s: float,
        max_attempts: int,
        on_death: Callable[[str], None],
    ) -> None:
        self._store = store
        self._engine = engine
        self._observer = observer
        self._purge = purge
        self._purge_interval = purge_interval_s
        self._max_attempts = max_attempts
        self._on_death = on_death
        self._dead = threading.Event()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._cancelled: set[str] = set()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="transcription-worker", daemon=True)
        self.current: str | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout)

    def wake(self) -> None:
        self._wake.set()

    def cancel(self, job_id: str) -> None:
        """Ask the running job to stop at its next progress report."""
        with self._lock:
            self._cancelled.add(job_id)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() and not self._dead.is_set()

    def report(self) -> dict[str, Any]:
        return {}  # /health already describes this process's engine

    def _run(self) -> None:
        try:
            self._loop()
        except BaseException as exc:
            self._dead.set()
            log.critical("the worker thread died; the service stops so that it can be restarted", exc_info=True)
            self._on_death(f"the worker thread died: {type(exc).__name__}: {exc}")

    def _loop(self) -> None:
        last_purge = 0.0
        exhausted = attempts_exhausted(self._max_attempts)
        while not self._stopping.is_set():
            if time.monotonic() - last_purge >= self._purge_interval:
                self._safe_purge()
                last_purge = time.monotonic()
            job = self._store.claim_next(self._max_attempts, exhausted)
            if job is None:
                self._wake.wait(timeout=min(self._purge_interval, 5.0))
                self._wake.clear()
            elif job.status == JobStatus.FAILED:  # a poison job: not run again
                log.error("job %s failed: %s", job.id, exhausted)
                self._cleanup(job, keep_upload=False)
                self._observer.job_finished(job, "failed", 0.0, 0.0)
            else:
                self._process(job)

    def _safe_purge(self) -> None:
        try:
            self._purge()
        except Exception:
            log.exception("purging expired jobs failed")

    def _process(self, job: Job) -> None:
        self.current = job.id
        started = time.monotonic()
        status, audio_seconds, keep_upload = "failed", 0.0, False
        try:
            events = EventPublisher(
                lambda kind, data: self._store.publish(job.id, kind, data), self._store.streamed_until(job.id)
            )
            progress = self._progress_for(job.id, events)
            transcript = self._engine.transcribe(Path(job.upload_path or ""), job.options, progress, events.segments)
            audio_seconds = transcript.duration
            status = "completed" if self._store.complete(job.id, transcript.to_dict()) else "cancelled"
        except JobCancelled:
            status = "cancelled"
            if self._stopping.is_set() and self._store.requeue(job.id):
                status, keep_upload = "interrupted", True  # shut down mid-job: it runs again after restart
        except EngineError as exc:
            self._store.fail(job.id, str(exc))
        except Exception as exc:  # a crash in a model library must not take the worker down
            log.exception("job %s crashed the engine", job.id)
            self._store.fail(job.id, f"Transcription failed inside the engine: {type(exc).__name__}: {exc}")
        finally:
            self._cleanup(job, keep_upload)
        self._observer.job_finished(job, status, audio_seconds, time.monotonic() - started)

    def _cleanup(self, job: Job, keep_upload: bool) -> None:
        self.current = None
        with self._lock:
            self._cancelled.discard(job.id)
        if job.upload_path and not keep_upload:
            remove_upload(Path(job.upload_path))

    def _progress_for(self, job_id: str, events: EventPublisher) -> ProgressCallback:
        gate = WriteGate()

        def report(stage: Stage, percent: float) -> None:
            with self._lock:
                cancelled = job_id in self._cancelled
            if cancelled or self._stopping.is_set():
                raise JobCancelled(job_id)
            if gate.due(stage, percent):
                if not self._store.set_progress(job_id, stage.value, percent):
                    raise JobCancelled(job_id)
                events.progress(stage, percent)

        return report


class WriteGate:
    """Progress reaches the database on every stage change and at most every PROGRESS_EVERY_S within a stage."""

    def __init__(self) -> None:
        self._at = 0.0
        self._stage: Stage | None = None

    def due(self, stage: Stage, percent: float) -> bool:
        now = time.monotonic()
        if stage != self._stage or now - self._at >= PROGRESS_EVERY_S or percent >= 100.0:
            self._at, self._stage = now, stage
            return True
        return False
