"""Queries on ``pending_deletions``: jobs on the transcription service that the bot still has to delete.

A job is queued in the same transaction that makes it unneeded (its transcript stored, its call deleted or
cancelled), so a crash can never forget one; it leaves the table only once the service confirmed it gone.
"""

from __future__ import annotations

import time
from typing import Any

import aiosqlite

from database.models import PendingDeletion
from database.transactions import transaction

_FIELDS = ("job_id", "created_at", "attempts", "next_attempt_at", "settle_until", "last_error")
_COLUMNS = ", ".join(_FIELDS)
# A job id may be queued again (cancelled, later deleted): keep one row, due now, with the later settle time.
_ON_CONFLICT = (
    " ON CONFLICT(job_id) DO UPDATE SET next_attempt_at = excluded.next_attempt_at,"
    " settle_until = MAX(settle_until, excluded.settle_until)"
)


async def queue_call_jobs(conn: aiosqlite.Connection, where: str, params: dict[str, Any], settle_s: float) -> None:
    """Inside a transaction: queue the job of every call matching ``where`` (named ``params``) for deletion.

    A call still ``received`` may have an upload landing on the service right now: a 404 for its job counts as
    "gone" only after ``settle_s`` seconds.
    """
    now = time.time()
    await conn.execute(
        "INSERT INTO pending_deletions(job_id, created_at, next_attempt_at, settle_until)"
        " SELECT job_id, :now, :now, CASE WHEN status = 'received' THEN :now + :settle ELSE 0 END"
        f" FROM calls WHERE ({where}) AND job_id IS NOT NULL" + _ON_CONFLICT,
        {**params, "now": now, "settle": settle_s},
    )


def _deletion(row: Any) -> PendingDeletion:
    return PendingDeletion(**dict(zip(_FIELDS, row, strict=True)))


class DeletionQueries:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(self, job_id: str, settle_s: float = 0.0) -> None:
        now = time.time()
        async with transaction(self._conn) as conn:
            await conn.execute(
                "INSERT INTO pending_deletions(job_id, created_at, next_attempt_at, settle_until)"
                " VALUES (?, ?, ?, ?)" + _ON_CONFLICT,
                (job_id, now, now, now + settle_s if settle_s else 0.0),
            )

    async def reserve(self, job_id: str, due_in_s: float) -> None:
        """A job about to be created that must not outlive its use: deleted ``due_in_s`` from now unless the one
        who uses it makes it due sooner (a crash in between cannot leave it on the service)."""
        now = time.time()
        async with transaction(self._conn) as conn:
            await conn.execute(
                "INSERT INTO pending_deletions(job_id, created_at, next_attempt_at) VALUES (?, ?, ?)"
                " ON CONFLICT(job_id) DO NOTHING",
                (job_id, now, now + due_in_s),
            )

    async def due(self, now: float, limit: int = 50) -> list[PendingDeletion]:
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM pending_deletions WHERE next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
            (now, limit),
        ) as cur:
            return [_deletion(row) for row in await cur.fetchall()]

    async def all(self) -> list[PendingDeletion]:
        async with self._conn.execute(f"SELECT {_COLUMNS} FROM pending_deletions ORDER BY created_at") as cur:
            return [_deletion(row) for row in await cur.fetchall()]

    async def next_due(self) -> float | None:
        """When the earliest deletion is due (epoch seconds); ``None`` when nothing is pending."""
        async with self._conn.execute("SELECT MIN(next_attempt_at) FROM pending_deletions") as cur:
            row = await cur.fetchone()
        return float(row[0]) if row and row[0] is not None else None

    async def postpone(self, job_id: str, next_attempt_at: float, error: str | None) -> None:
        async with transaction(self._conn) as conn:
            await conn.execute(
                "UPDATE pending_deletions SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                " WHERE job_id = ?",
                (next_attempt_at, error, job_id),
            )

    async def done(self, job_id: str) -> None:
        async with transaction(self._conn) as conn:
            await conn.execute("DELETE FROM pending_deletions WHERE job_id = ?", (job_id,))
