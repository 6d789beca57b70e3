"""Queries on ``summaries`` and ``chat_messages``."""

from __future__ import annotations

import time

import aiosqlite

from database.models import StoredSummary
from database.transactions import transaction


class SummaryQueries:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def save(self, user_id: int, call_id: int, kind: str, language: str | None, content: str) -> None:
        async with transaction(self._conn) as conn:
            cur = await conn.execute(
                "INSERT INTO summaries(call_id, kind, language, content, created_at)"
                " SELECT id, ?, ?, ?, ? FROM calls WHERE id = ? AND user_id = ?"
                " ON CONFLICT(call_id) DO UPDATE SET kind = excluded.kind, language = excluded.language,"
                " content = excluded.content, created_at = excluded.created_at",
                (kind, language, content, time.time(), call_id, user_id),
            )
            if cur.rowcount == 0:
                raise LookupError(f"call {call_id} does not belong to user {user_id}")

    async def get(self, user_id: int, call_id: int) -> StoredSummary | None:
        async with self._conn.execute(
            "SELECT s.call_id, s.kind, s.language, s.content, s.created_at FROM summaries s"
            " JOIN calls c ON c.id = s.call_id WHERE s.call_id = ? AND c.user_id = ?",
            (call_id, user_id),
        ) as cur:
            row = await cur.fetchone()
        return StoredSummary(*row) if row else None


class ChatQueries:
    """Questions and answers about a call (used by the conversation features)."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(self, user_id: int, call_id: int, role: str, content: str) -> None:
        async with transaction(self._conn) as conn:
            cur = await conn.execute(
                "INSERT INTO chat_messages(call_id, role, content, created_at)"
                " SELECT id, ?, ?, ? FROM calls WHERE id = ? AND user_id = ?",
                (role, content, time.time(), call_id, user_id),
            )
            if cur.rowcount == 0:
                raise LookupError(f"call {call_id} does not belong to user {user_id}")

    async def history(self, user_id: int, call_id: int) -> list[tuple[str, str]]:
        async with self._conn.execute(
            "SELECT m.role, m.content FROM chat_messages m JOIN calls c ON c.id = m.call_id"
            " WHERE m.call_id = ? AND c.user_id = ? ORDER BY m.id",
            (call_id, user_id),
        ) as cur:
            return [(role, content) for role, content in await cur.fetchall()]
