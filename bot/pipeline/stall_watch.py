"""What the status message says while a job is on the transcription service: never a silent wait. The bot watches
how long the job has not changed (its polled status, or the events it told); past one limit it says so, past the
other it gives up. A keep-alive of an event stream is no change: only an event is."""

from __future__ import annotations

import time

from bot.pipeline.progress_view import Progress, ProgressStage
from bot.shared.errors import TranscriptionStalled
from bot.transcription.client import ServiceJob, ServiceJobStatus

# What counts as a change: any of these fields of the job's status, or a new event (its id).
Signature = tuple[str, str, str | None, float | None, int | None, int, str | None]


class StallWatch:
    """Remembers when the polled status last changed (status, stage, progress, queue place, attempt)."""

    def __init__(self, notice_after: float, give_up_after: float) -> None:
        self._notice_after, self._give_up_after = notice_after, give_up_after
        self._seen: Signature | None = None
        self._since = time.monotonic()

    def progress(self, job: ServiceJob, last_event: str | None = None) -> Progress:
        """What to show for ``job``, its latest status: a requeue after a crash says so, a long silence says so;
        raises TranscriptionStalled once the job has not changed for ``give_up_after``. ``last_event``: the id of
        the latest event told about the job (a segment moves it even where the status stays the same)."""
        quiet_s = self._quiet_for(job, last_event)
        if quiet_s >= self._give_up_after:
            raise TranscriptionStalled(quiet_s)
        if quiet_s >= self._notice_after:
            return Progress(ProgressStage.STALLED, stalled_s=quiet_s, left_s=self._give_up_after - quiet_s)
        if job.recovered and job.status is ServiceJobStatus.QUEUED:
            return Progress(ProgressStage.REQUEUED)
        if job.status is ServiceJobStatus.PROCESSING:
            return Progress(ProgressStage.TRANSCRIBING, percent=job.progress or 0.0)
        return Progress(ProgressStage.QUEUED, queue_position=job.queue_position)  # queued, or a status not known

    def _quiet_for(self, job: ServiceJob, last_event: str | None) -> float:
        now = time.monotonic()
        signature = (
            job.status,
            job.reported_status,
            job.stage,
            job.progress,
            job.queue_position,
            job.attempt,
            last_event,
        )
        if signature != self._seen:
            self._seen, self._since = signature, now
        return now - self._since
