"""Queries on ``summaries`` and ``call_notes`` (the per-part notes of a map-reduce summary)."""

from __future__ import annotations

import time
from collections.abc import Sequence

import aiosqlite

from database.models import StoredSummary
from database.transactions import transaction


class SummaryQueries:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def save(
        self,
        user_id: int,
        call_id: int,
        made_by: str,
        language: str | None,
        content: str,
        notes: Sequence[str] | None = None,
    ) -> None:
        """Store the call's summary; with ``notes`` its part notes are replaced in the same step."""
        async with transaction(self._conn) as conn:
            cur = await conn.execute(
                "INSERT INTO summaries(call_id, kind, language, content, created_at)"
                " SELECT id, ?, ?, ?, ? FROM calls WHERE id = ? AND user_id = ?"
                " ON CONFLICT(call_id) DO UPDATE SET kind = excluded.kind, language = excluded.language,"
                " content = excluded.content, created_at = excluded.created_at",
                (made_by, language, content, time.time(), call_id, user_id),
            )
            if cur.rowcount == 0:
                raise LookupError(f"call {call_id} does not belong to user {user_id}")
            if notes is not None:
                await conn.execute("DELETE FROM call_notes WHERE call_id = ?", (call_id,))
                await conn.executemany(
                    "INSERT INTO call_notes(call_id, idx, content) VALUES (?, ?, ?)",
                    [(call_id, i, note) for i, note in enumerate(notes)],
                )

    async def get(self, user_id: int, call_id: int) -> StoredSummary | None:
        async with self._conn.execute(
            "SELECT s.call_id, s.kind, s.language, s.content, s.created_at FROM summaries s"
            " JOIN calls c ON c.id = s.call_id WHERE s.call_id = ? AND c.user_id = ?",
            (call_id, user_id),
        ) as cur:
            row = await cur.fetchone()
        return StoredSummary(*row) if row else None

    async def notes(self, user_id: int, call_id: int) -> list[str]:
        """The part notes of the call's summary, in call order (empty for a call summarized in one pass)."""
        async with self._conn.execute(
            "SELECT n.content FROM call_notes n JOIN calls c ON c.id = n.call_id"
            " WHERE n.call_id = ? AND c.user_id = ? ORDER BY n.idx",
            (call_id, user_id),
        ) as cur:
            return [row[0] for row in await cur.fetchall()]
