"""Background tasks of running calls: start (in the user's turn), cancel, retry, resume after a restart, delete,
stop on shutdown.

Tasks are plain asyncio tasks tracked here rather than ``Application.create_task``: PTB waits for its tasks on
stop, while a call may run for hours and must instead be interrupted and resumed from its saved state.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable

from bot.deletion.service_deletions import UPLOAD_SETTLE_S
from bot.pipeline.progress_view import Progress, ProgressStage
from bot.pipeline.runner import CallPipeline
from bot.pipeline.user_slots import UserSlots
from bot.recordings.originals import OriginalFiles
from database import Call, CallStatus

log = logging.getLogger(__name__)


class CallTasks:
    def __init__(
        self,
        pipeline: CallPipeline,
        max_active_per_user: int = 2,
        originals: OriginalFiles | None = None,
        max_active_per_chat: int | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.slots = UserSlots(max_active_per_user, max_active_per_chat)
        self.originals = originals
        self._tasks: dict[int, asyncio.Task[None]] = {}

    def start(self, call: Call) -> None:
        """Run the call in the background unless it already runs (a new call first waits for the user's turn)."""
        if call.id in self._tasks:
            return
        task = asyncio.create_task(self._run(call), name=f"call-{call.id}")
        self._tasks[call.id] = task
        task.add_done_callback(lambda _: self._tasks.pop(call.id, None))

    async def _run(self, call: Call) -> None:
        reporter = self.pipeline.reporter

        async def show_waiting(running: int) -> None:
            await reporter.progress(call, Progress(ProgressStage.WAITING, running_calls=running), force=True)

        must_wait = call.status is CallStatus.RECEIVED and call.job_id is None  # not on the service yet
        async with self.slots.slot(call.user_id, call.id, must_wait, show_waiting) as waited:
            if waited:
                await reporter.progress(call, Progress(ProgressStage.RECEIVED), force=True)
            await self.pipeline.run(call.user_id, call.id)

    def running(self) -> list[int]:
        return sorted(self._tasks)

    async def _stop(self, call_id: int) -> None:
        task = self._tasks.pop(call_id, None)
        if task is not None:
            task.cancel()
            await asyncio.wait([task])

    async def cancel(self, call: Call) -> bool:
        """Stop the task, cancel the service job, mark the call cancelled; False if it had already ended."""
        if not call.status.is_active:
            return False
        await self._stop(call.id)
        fresh = await self.pipeline.db.calls.get(call.user_id, call.id) or call
        await self.pipeline.db.calls.release_job(call.user_id, call.id, settle_s=UPLOAD_SETTLE_S)
        await self.pipeline.db.calls.update(call.user_id, call.id, status=CallStatus.CANCELLED)
        self.pipeline.jobs_released()  # DELETE /transcribe/{id}, retried while the service is unreachable
        await self.pipeline.reporter.progress(fresh, Progress(ProgressStage.CANCELLED), force=True)
        return True

    async def retry(self, call: Call) -> bool:
        """The Retry button: a failed summary is made again; a failed call is sent to the service again as a new
        job (its old job is already queued for deletion). False for a call that has not failed."""
        if call.status is CallStatus.SUMMARY_FAILED:
            await self.pipeline.db.calls.update(call.user_id, call.id, status=CallStatus.SUMMARIZING, error=None)
        elif call.status is CallStatus.FAILED and call.id not in self._tasks:
            await self.pipeline.db.calls.update(
                call.user_id, call.id, status=CallStatus.RECEIVED, error=None, job_id=None, finished_at=None
            )
        else:
            return False
        self.start(await self.pipeline.db.calls.get(call.user_id, call.id) or call)
        return True

    async def regenerate_summary(self, call: Call) -> bool:
        """Summarize a finished call again (current speaker names) and deliver it; False while it is busy."""
        if call.status not in (CallStatus.DONE, CallStatus.SUMMARY_FAILED) or call.id in self._tasks:
            return False
        await self.pipeline.db.calls.update(
            call.user_id, call.id, status=CallStatus.SUMMARIZING, error=None, delivered_at=None
        )
        self.start(call)
        return True

    def rediarize(self, call: Call, find_speakers: Callable[[], Awaitable[bool]]) -> bool:
        """Run ``find_speakers`` for a finished call, then (when it stored new speakers and sent the call back to
        summarizing) make and deliver its summary again; False while the call is busy."""
        if call.status not in (CallStatus.DONE, CallStatus.SUMMARY_FAILED) or call.id in self._tasks:
            return False

        async def run() -> None:
            if await find_speakers():
                await self.pipeline.run(call.user_id, call.id)

        task = asyncio.create_task(run(), name=f"speakers-{call.id}")
        self._tasks[call.id] = task
        task.add_done_callback(lambda _: self._tasks.pop(call.id, None))
        return True

    async def forget(self, call: Call) -> bool:
        """Delete the call everywhere: stop its work (its temporary files go with it), delete its rows, leave no
        trace of them in the database files, and delete its job and result on the service."""
        await self._stop(call.id)
        deleted = await self.pipeline.db.calls.delete(call.user_id, call.id, settle_s=UPLOAD_SETTLE_S)
        await self._erased([call])
        return deleted

    async def forget_user(self, user_id: int) -> int:
        """Delete every call of the user as :meth:`forget` does, then the user; returns how many calls."""
        calls = await self.pipeline.db.calls.list_for_user(user_id, limit=1_000_000)
        for call in calls:
            await self._stop(call.id)
        removed = await self.pipeline.db.calls.delete_all(user_id, settle_s=UPLOAD_SETTLE_S)
        await self._erased(calls)
        return removed

    async def _erased(self, calls: Iterable[Call]) -> None:
        if not await self.pipeline.db.scrub():
            log.warning("the database's write-ahead log could not be truncated after a deletion (a reader holds it)")
        self.pipeline.jobs_released()
        if self.pipeline.audio is not None:
            await self.pipeline.audio.remove(c.id for c in calls)
        if self.originals is None:
            return
        read_in_place = {c.file_unique_id: c for c in calls if c.local_path}  # one per file
        for call in read_in_place.values():
            if not await self.pipeline.db.calls.file_referenced(call.file_unique_id):  # nobody else's call uses it
                await self.originals.remove(call)

    async def resume_all(self) -> int:
        """Start every call a previous run left unfinished (never the CLI's), oldest first; returns how many."""
        calls = await self.pipeline.db.calls.list_unfinished()
        for call in calls:
            if call.status is CallStatus.RECEIVED and call.status_message_id is None:  # died before the reply
                await self.pipeline.reporter.progress(call, Progress(ProgressStage.RECEIVED), force=True)
            self.start(call)
        log.info("resumed %d unfinished call(s)", len(calls))
        return len(calls)

    async def stop_all(self) -> None:
        """Interrupt every task without changing saved state (they resume on the next start)."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)
        self._tasks.clear()
