"""Following a call's job on the transcription service until it ends: by its event stream where the service has
one (progress and segments as they happen, one open connection instead of a request every poll interval), else by
polling its status as before (an older service without ``GET /transcribe/{id}/events``).

The stream says nothing while a job waits in the queue, and nothing tells that a crashed run was queued again, so
after ``quiet_poll_interval`` without an event (keep-alives do not count) the status route is asked once, and again
each such interval while the stream stays quiet: the queue place and the requeue notice still come. A dropped
connection resumes after the last event seen (``Last-Event-ID``): no gap, no repeat. A restarted bot follows the
stream from its start, which rebuilds the same preview in the same status message.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Callable
from typing import Protocol

from bot.pipeline.progress_view import ProgressStage
from bot.pipeline.service_patience import OnOutage, OnWaiting, Patience, has_ended, retrying, until_completed
from bot.pipeline.stall_watch import StallWatch
from bot.pipeline.transcript_preview import TranscriptPreview
from bot.shared.errors import ApiGaveUp, JobCancelled, JobFailed, TranscriptionUnavailable
from bot.transcription.client import ServiceJob, ServiceJobStatus, TranscriptionClient
from bot.transcription.job_events import EventKind, EventsUnsupported, JobEvent, streamed_segment

log = logging.getLogger(__name__)
Item = JobEvent | BaseException  # what the stream reader hands on: an event, or why it stopped


class Following(Patience, Protocol):
    """The patience of following a job by its events: how long a quiet stream goes before a status poll."""

    @property
    def quiet_poll_interval(self) -> float: ...


class JobFollower:
    """Follows jobs for one pipeline; remembers which way the service was followed, to log it when that changes."""

    def __init__(self, client: TranscriptionClient, patience: Following) -> None:
        self.client, self.patience = client, patience
        self._by_events: bool | None = None

    async def until_completed(
        self, job_id: str, on_waiting: OnWaiting, on_outage: OnOutage, preview: TranscriptPreview
    ) -> None:
        """Return once the job is completed; raise as :func:`service_patience.until_completed` does."""
        watch = EventWatch(self.client, job_id, self.patience, on_outage, preview, self._followed_by_events)
        try:
            await watch.run(on_waiting)
        except EventsUnsupported as exc:
            self._followed(False, str(exc))

            async def poll() -> ServiceJob:
                return await retrying(lambda: self.client.status(job_id), self.patience, f"job {job_id}", on_outage)

            await until_completed(poll, self.patience, on_waiting)

    def _followed_by_events(self) -> None:
        self._followed(True, "GET /transcribe/{id}/events")

    def _followed(self, by_events: bool, why: str) -> None:
        if self._by_events is not by_events:
            self._by_events = by_events
            way = "their event streams" if by_events else "polling their status (the service has no events route)"
            log.info("following transcription jobs by %s: %s", way, why)


class EventWatch:
    """One job followed by its event stream: a reader task receives the events, the watch shows what they mean."""

    def __init__(
        self,
        client: TranscriptionClient,
        job_id: str,
        patience: Following,
        on_outage: OnOutage,
        preview: TranscriptPreview,
        on_connected: Callable[[], None],
    ) -> None:
        self.client, self.job_id, self.patience = client, job_id, patience
        self.on_outage, self.preview, self.on_connected = on_outage, preview, on_connected
        self.job = ServiceJob(job_id, ServiceJobStatus.QUEUED)  # what the events (and quiet polls) said so far
        self.last_event: str | None = None
        self._items: asyncio.Queue[Item] = asyncio.Queue()
        self._heard_at = time.monotonic()  # the last event or status answer

    async def run(self, on_waiting: OnWaiting) -> None:
        reader = asyncio.create_task(self._read(), name=f"events-{self.job_id}")
        try:
            await self._watch(on_waiting)
        finally:
            reader.cancel()
            await asyncio.wait([reader])

    async def _watch(self, on_waiting: OnWaiting) -> None:
        watch = StallWatch(self.patience.stall_notice_after, self.patience.stall_give_up_after)
        while True:
            items = await self._next_items()
            for item in items:
                if isinstance(item, BaseException):
                    raise item
                if self._apply(item):
                    return
            if not items and time.monotonic() - self._heard_at >= self.patience.quiet_poll_interval:
                self.job, self._heard_at = await self._poll(), time.monotonic()
                if has_ended(self.job):
                    return
            progress = watch.progress(self.job, self.last_event)
            if progress.stage is ProgressStage.TRANSCRIBING:
                progress = dataclasses.replace(progress, preview=self.preview.lines)
            await on_waiting(self.job, progress)

    async def _next_items(self) -> list[Item]:
        """What the reader handed on: all that is waiting, else the next within a poll interval (none: a tick)."""
        try:
            items = [await asyncio.wait_for(self._items.get(), self.patience.poll_interval)]
        except TimeoutError:
            return []
        while not self._items.empty():
            items.append(self._items.get_nowait())
        return items

    async def _poll(self) -> ServiceJob:
        return await retrying(lambda: self.client.status(self.job_id), self.patience, self.job_id, self.on_outage)

    def _apply(self, event: JobEvent) -> bool:
        """Take in one event; True once the job completed (raises for a failed or cancelled one)."""
        self.last_event, self._heard_at = event.id or self.last_event, time.monotonic()
        match event.kind:
            case EventKind.PROGRESS:
                stage, percent = event.data.get("stage"), event.data.get("progress")
                status = ServiceJobStatus.QUEUED if stage == "queued" else ServiceJobStatus.PROCESSING
                self.job = dataclasses.replace(
                    self.job,
                    status=status,
                    reported_status=status.value,
                    stage=stage if isinstance(stage, str) else None,
                    progress=float(percent) if isinstance(percent, int | float) else self.job.progress,
                    queue_position=None,
                )
            case EventKind.SEGMENT:
                if (segment := streamed_segment(event)) is not None:
                    self.preview.add(segment)
            case EventKind.DONE:
                return True
            case EventKind.FAILED:
                raise JobFailed(str(event.data.get("error") or "unknown error"))
            case EventKind.CANCELLED:
                raise JobCancelled("cancelled on the transcription service")
        return False

    async def _read(self) -> None:
        """Read the stream into the queue, resuming after the last event when the connection drops; hands on why
        it stopped (no events route, job gone, gave up) as an item. The user hears of an outage when a
        reconnect fails too (the first is at once, the next ones back off as any request does)."""
        after: str | None = None
        delay, failing_since, told = self.patience.retry_initial_delay, 0.0, False
        while True:
            try:
                async for event in self.client.events(self.job_id, after):
                    self.on_connected()
                    delay, failing_since, told = self.patience.retry_initial_delay, 0.0, False
                    if event is None:  # a keep-alive: the link is alive, the job has not moved
                        continue
                    after = event.id or after
                    await self._items.put(event)
                    if event.kind.terminal:
                        return
                raise TranscriptionUnavailable("the event stream ended before the job did")
            except TranscriptionUnavailable as exc:
                log.info("event stream of job %s interrupted (%s); resuming after %s", self.job_id, exc, after)
                if not failing_since:  # a dropped connection: resume at once
                    failing_since = time.monotonic()
                    continue
                if time.monotonic() - failing_since > self.patience.retry_give_up_after:
                    await self._items.put(ApiGaveUp(str(exc)))
                    return
                if not told:  # the reconnect failed too: the service is unreachable
                    await self.on_outage()
                    told = True
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.patience.retry_max_delay)
            except Exception as exc:  # no events route, the job gone, a refused key, …: the watch raises it
                await self._items.put(exc)
                return
