"""Background tasks of running calls: start, cancel, retry, resume after a restart, stop on shutdown.

Tasks are plain asyncio tasks tracked here rather than ``Application.create_task``: PTB waits for its tasks on
stop, while a call may run for hours and must instead be interrupted and resumed from its saved state.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.errors import TranscriptionError
from bot.pipeline.runner import CallPipeline
from bot.views.progress_view import Progress
from database import Call, CallStatus

log = logging.getLogger(__name__)


class CallTasks:
    def __init__(self, pipeline: CallPipeline) -> None:
        self.pipeline = pipeline
        self._tasks: dict[int, asyncio.Task[None]] = {}

    def start(self, call: Call) -> None:
        """Run the call in the background unless it already runs."""
        if call.id in self._tasks:
            return
        task = asyncio.create_task(self.pipeline.run(call.user_id, call.id), name=f"call-{call.id}")
        self._tasks[call.id] = task
        task.add_done_callback(lambda _: self._tasks.pop(call.id, None))

    def running(self) -> list[int]:
        return sorted(self._tasks)

    async def cancel(self, call: Call) -> bool:
        """Stop the task, cancel the service job, mark the call cancelled; False if it had already ended."""
        if not call.status.is_active:
            return False
        task = self._tasks.pop(call.id, None)
        if task is not None:
            task.cancel()
            await asyncio.wait([task])
        fresh = await self.pipeline.db.calls.get(call.user_id, call.id) or call
        if fresh.job_id:
            with contextlib.suppress(TranscriptionError):
                await self.pipeline.client.cancel(fresh.job_id)
        await self.pipeline.db.calls.update(call.user_id, call.id, status=CallStatus.CANCELLED)
        await self.pipeline.reporter.progress(fresh, Progress("cancelled"), force=True)
        return True

    async def retry_summary(self, call: Call) -> bool:
        if call.status is not CallStatus.SUMMARY_FAILED:
            return False
        await self.pipeline.db.calls.update(call.user_id, call.id, status=CallStatus.SUMMARIZING, error=None)
        self.start(call)
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

    async def forget(self, call: Call) -> bool:
        """Delete the call everywhere: stop its work, remove its job and result on the service, delete its rows."""
        task = self._tasks.pop(call.id, None)
        if task is not None:
            task.cancel()
            await asyncio.wait([task])
        if call.job_id:
            with contextlib.suppress(TranscriptionError):
                await self.pipeline.client.cancel(call.job_id)  # DELETE /transcribe/{id} also drops its data
        return await self.pipeline.db.calls.delete(call.user_id, call.id)

    async def forget_user(self, user_id: int) -> int:
        """Delete every call of the user as :meth:`forget` does, then the user; returns how many calls."""
        calls = await self.pipeline.db.calls.list_for_user(user_id, limit=1_000_000)
        for call in calls:
            await self.forget(call)
        await self.pipeline.db.calls.delete_all(user_id)
        return len(calls)

    async def resume_all(self) -> int:
        """Start every call a previous run left unfinished; returns how many."""
        calls = await self.pipeline.db.calls.list_unfinished()
        for call in calls:
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
