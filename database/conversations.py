"""Queries on ``chat_messages`` (questions about one call) and ``ask_messages`` (/ask across all calls)."""

from __future__ import annotations

import time

import aiosqlite

from database.transactions import transaction


class ChatQueries:
    """The stored conversations: per call, and the one of /ask across a user's calls."""

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

    async def add_across(self, user_id: int, role: str, content: str) -> None:
        """One side of the /ask conversation (forgotten when any of the user's calls is deleted)."""
        async with transaction(self._conn) as conn:
            await conn.execute(
                "INSERT INTO ask_messages(user_id, role, content, created_at) SELECT id, ?, ?, ? FROM users"
                " WHERE id = ?",
                (role, content, time.time(), user_id),
            )

    async def history_across(self, user_id: int, limit: int = 20) -> list[tuple[str, str]]:
        """The latest turns of the /ask conversation, oldest first."""
        async with self._conn.execute(
            "SELECT role, content FROM (SELECT id, role, content FROM ask_messages WHERE user_id = ?"
            " ORDER BY id DESC LIMIT ?) ORDER BY id",
            (user_id, limit),
        ) as cur:
            return [(role, content) for role, content in await cur.fetchall()]
