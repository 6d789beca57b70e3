"""Follow a job's event log from a route: its events as they are written, ending with the terminal one."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

from fastapi.concurrency import run_in_threadpool

from transcription_api.events.model import TERMINAL_KIND, JobEvent
from transcription_api.jobs.interfaces import JobBook
from transcription_api.jobs.models import Job

POLL_S = 0.25  # how often the log is read while nothing new is in it
KEEPALIVE_S = 15.0  # a quiet stream gets a keep-alive this often (proxies close idle connections)
PAGE = 200  # events read at a time: a long log is never held whole


async def follow(
    store: JobBook, job_id: str, after: str | None, keepalive_s: float = KEEPALIVE_S
) -> AsyncIterator[JobEvent | None]:
    """The events of ``job_id`` after id ``after`` (all when None), then each new one as it is written, up to and
    including the terminal event; ``None`` after each ``keepalive_s`` without one. Ends without a terminal event
    when the job is deleted meanwhile."""
    quiet_since = time.monotonic()
    while True:
        batch = await run_in_threadpool(store.events, job_id, after, PAGE)
        for event in batch:
            yield event
            if event.kind.terminal:
                return
            after = event.id
        if batch:
            quiet_since = time.monotonic()
            continue
        if time.monotonic() - quiet_since >= keepalive_s:
            job = await run_in_threadpool(store.get, job_id)
            if job is None or (job.status.finished and not await run_in_threadpool(store.events, job_id, after, 1)):
                if job is not None:  # finished before this service kept event logs
                    yield _closing(job)
                return
            quiet_since = time.monotonic()
            yield None
        await asyncio.sleep(POLL_S)


def _closing(job: Job) -> JobEvent:
    """The terminal event of a job whose log has none (it has no id: there is nothing to resume after it)."""
    data = {"status": job.status.value} | ({"error": job.error} if job.error else {})
    return JobEvent("", TERMINAL_KIND[job.status.value], data)
