"""Patience with the transcription service, one rule for every job the bot runs there (a call's transcription, a
rediarization): retry with backoff while the service is unreachable, and poll a job until it ends."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from bot.pipeline.progress_view import Progress
from bot.pipeline.stall_watch import StallWatch
from bot.shared.errors import ApiGaveUp, JobCancelled, JobFailed, TranscriptionUnavailable
from bot.transcription.client import ServiceJob, ServiceJobStatus

log = logging.getLogger(__name__)
T = TypeVar("T")
OnOutage = Callable[[], Awaitable[None]]  # told once, at the first failed try
OnWaiting = Callable[[ServiceJob, Progress], Awaitable[None]]  # the job is not finished yet: what to show


class Patience(Protocol):
    """How long and how often (seconds); the pipeline's options carry these."""

    @property
    def retry_initial_delay(self) -> float: ...
    @property
    def retry_max_delay(self) -> float: ...
    @property
    def retry_give_up_after(self) -> float: ...
    @property
    def poll_interval(self) -> float: ...
    @property
    def stall_notice_after(self) -> float: ...
    @property
    def stall_give_up_after(self) -> float: ...


async def retrying(
    action: Callable[[], Awaitable[T]], patience: Patience, what: str, on_outage: OnOutage | None = None
) -> T:
    """Run ``action``; while the service is unreachable, call ``on_outage`` once and retry with backoff, until
    ``retry_give_up_after`` has passed (then ApiGaveUp). ``what`` names the work in the log."""
    delay, started, told = patience.retry_initial_delay, time.monotonic(), False
    while True:
        try:
            return await action()
        except TranscriptionUnavailable as exc:
            if time.monotonic() - started > patience.retry_give_up_after:
                raise ApiGaveUp(str(exc)) from exc
            log.info("transcription service unavailable for %s: %s", what, exc)
            if not told and on_outage is not None:
                await on_outage()
            told = True
            await asyncio.sleep(delay)
            delay = min(delay * 2, patience.retry_max_delay)


async def until_completed(
    poll: Callable[[], Awaitable[ServiceJob]], patience: Patience, on_waiting: OnWaiting | None = None
) -> None:
    """Poll a job (``poll`` answers its latest status) until it is completed. Raises JobFailed or JobCancelled when
    it ended otherwise, TranscriptionStalled when it has not changed for ``stall_give_up_after``. A status this bot
    does not know (a newer service) counts as still running: logged once, shown as queued, bounded by the stall
    watch."""
    watch = StallWatch(patience.stall_notice_after, patience.stall_give_up_after)
    unknown: set[str] = set()
    while True:
        job = await poll()
        if has_ended(job):
            return
        if job.status is ServiceJobStatus.UNKNOWN and job.reported_status not in unknown:
            unknown.add(job.reported_status)
            log.warning("job %s has a status this bot does not know: %r", job.task_id, job.reported_status)
        progress = watch.progress(job)
        if on_waiting is not None:
            await on_waiting(job, progress)
        await asyncio.sleep(patience.poll_interval)


def has_ended(job: ServiceJob) -> bool:
    """True for a completed job; raises JobFailed or JobCancelled for one that ended otherwise; False while it
    runs (or has a status this bot does not know)."""
    match job.status:
        case ServiceJobStatus.COMPLETED:
            return True
        case ServiceJobStatus.FAILED:
            raise JobFailed(job.error or "unknown error")
        case ServiceJobStatus.CANCELLED:
            raise JobCancelled("cancelled on the transcription service")
    return False
