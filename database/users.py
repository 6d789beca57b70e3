"""Queries on ``users``."""

from __future__ import annotations

import time

import aiosqlite

from database.models import User
from database.transactions import transaction


class UserQueries:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def upsert(self, user_id: int, language_code: str | None, first_name: str | None) -> User:
        """Create the user or refresh the language and name Telegram reports."""
        now = time.time()
        async with transaction(self._conn) as conn:
            await conn.execute(
                "INSERT INTO users(id, language_code, first_name, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                " language_code = excluded.language_code, first_name = excluded.first_name,"
                " updated_at = excluded.updated_at",
                (user_id, language_code, first_name, now, now),
            )
        return User(user_id, language_code, first_name)

    async def get(self, user_id: int) -> User | None:
        async with self._conn.execute(
            "SELECT id, language_code, first_name FROM users WHERE id = ?", (user_id,)
        ) as cur:
            row = await cur.fetchone()
        return User(*row) if row else None
