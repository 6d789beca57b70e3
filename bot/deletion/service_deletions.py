"""Jobs the bot no longer needs on the transcription service, deleted there and retried until they are gone.

A job is queued in ``pending_deletions`` (database/deletions.py) in the same transaction that makes it unneeded:
its transcript is stored (the acknowledgement that lets the service free it), or its call was deleted or cancelled.
This task deletes queued jobs as soon as it is woken, and retries the ones the service could not take (down,
refused) with exponential backoff, so a deletion is never lost and never blocks a call or a chat.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from bot.shared.errors import TranscriptionError
from bot.transcription.client import TranscriptionClient
from database import Database, PendingDeletion

log = logging.getLogger(__name__)
# A call cancelled or deleted during its upload: the service may still be storing and checking the file, so a 404
# right now does not yet prove that no job will appear; the deletion is retried until this long after.
UPLOAD_SETTLE_S = 300.0


class ServiceDeletions:
    """Open with :meth:`start` (``post_init``), close with :meth:`aclose` (``post_shutdown``); :meth:`wake` after
    queueing a deletion. The CLI runs :meth:`flush` once instead."""

    def __init__(self, db: Database, client: TranscriptionClient, initial_delay: float, max_delay: float) -> None:
        self._db, self._client = db, client
        self._initial, self._max = initial_delay, max_delay
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="service-deletions")

    def wake(self) -> None:
        self._wakeup.set()

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def flush(self) -> None:
        """One pass over every deletion that is due now."""
        for pending in await self._db.deletions.due(time.time()):
            await self._attempt(pending)

    async def _run(self) -> None:
        while True:
            self._wakeup.clear()
            try:
                await self.flush()
                next_due = await self._db.deletions.next_due()
            except Exception:  # a database hiccup must not end the retries for good
                log.exception("pending deletions could not be processed; retrying")
                next_due = time.time() + self._max
            delay = None if next_due is None else max(0.0, next_due - time.time())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), delay)

    async def _attempt(self, pending: PendingDeletion) -> None:
        now = time.time()
        backoff = min(self._initial * 2 ** min(pending.attempts, 30), self._max)
        try:
            gone = await self._client.delete(pending.job_id)
        except TranscriptionError as exc:
            # never the whole id in a log: whoever knows a job id can read its transcript
            log.info("deleting job %s… on the transcription service failed (%s); retrying", pending.job_id[:6], exc)
            await self._db.deletions.postpone(pending.job_id, now + backoff, str(exc)[:300])
            return
        if not gone:  # only cancelled so far (it was queued or running): delete the cancelled job next
            await self._db.deletions.postpone(pending.job_id, now + self._initial, "cancelled, not yet deleted")
        elif now < pending.settle_until:  # an upload may still be landing: ask again until it surely is not
            await self._db.deletions.postpone(pending.job_id, min(now + backoff, pending.settle_until), None)
        else:
            await self._db.deletions.done(pending.job_id)
