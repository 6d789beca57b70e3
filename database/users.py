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
            "SELECT id, language_code, first_name, language_override, active_call_id, summary_template,"
            " summary_instructions, transcription_options FROM users WHERE id = ?",
            (user_id,),
        ) as cur:
            row = await cur.fetchone()
        return User(*row) if row else None

    async def ensure(self, user_id: int, language_code: str | None, first_name: str | None) -> User:
        """The stored user, created (or refreshed from Telegram) on the way."""
        await self.upsert(user_id, language_code, first_name)
        user = await self.get(user_id)
        assert user is not None
        return user

    async def set_language(self, user_id: int, language: str | None) -> None:
        async with transaction(self._conn) as conn:
            await conn.execute(
                "UPDATE users SET language_override = ?, updated_at = ? WHERE id = ?", (language, time.time(), user_id)
            )

    async def set_summary_template(self, user_id: int, template: str | None) -> None:
        async with transaction(self._conn) as conn:
            await conn.execute(
                "UPDATE users SET summary_template = ?, updated_at = ? WHERE id = ?", (template, time.time(), user_id)
            )

    async def set_summary_instructions(self, user_id: int, instructions: str | None) -> None:
        async with transaction(self._conn) as conn:
            await conn.execute(
                "UPDATE users SET summary_instructions = ?, updated_at = ? WHERE id = ?",
                (instructions, time.time(), user_id),
            )

    async def set_transcription_options(self, user_id: int, options: str | None) -> None:
        """The user's default transcription options (JSON, see bot.options); None = all automatic."""
        async with transaction(self._conn) as conn:
            await conn.execute(
                "UPDATE users SET transcription_options = ?, updated_at = ? WHERE id = ?",
                (options, time.time(), user_id),
            )

    async def set_active_call(self, user_id: int, call_id: int | None) -> None:
        async with transaction(self._conn) as conn:
            await conn.execute(
                "UPDATE users SET active_call_id = ?, updated_at = ? WHERE id = ?", (call_id, time.time(), user_id)
            )
