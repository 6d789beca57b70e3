"""Queries on ``group_chats``: the groups the bot was added to, and what their admins set."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

import aiosqlite

from database.transactions import transaction


class Managers(StrEnum):
    """Who may delete a group's call, rename its speakers and change the group's settings (besides reading)."""

    SENDER_AND_ADMINS = "sender_and_admins"
    ADMINS = "admins"


@dataclass(frozen=True, slots=True)
class GroupChat:
    id: int
    kind: str  # 'group' or 'supergroup'
    title: str | None
    bot_present: bool
    auto_mode: bool
    managers: Managers
    introduced_at: float | None
    removed_at: float | None


_COLUMNS = "id, kind, title, bot_present, auto_mode, managers, introduced_at, removed_at"


class GroupQueries:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def ensure(self, chat_id: int, kind: str, title: str | None) -> GroupChat:
        """The stored group, created (or its title refreshed) on the way."""
        now = time.time()
        async with transaction(self._conn) as conn:
            await conn.execute(
                "INSERT INTO group_chats(id, kind, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, title = excluded.title,"
                " updated_at = excluded.updated_at",
                (chat_id, kind, title, now, now),
            )
        group = await self.get(chat_id)
        assert group is not None
        return group

    async def get(self, chat_id: int) -> GroupChat | None:
        async with self._conn.execute(f"SELECT {_COLUMNS} FROM group_chats WHERE id = ?", (chat_id,)) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        return GroupChat(row[0], row[1], row[2], bool(row[3]), bool(row[4]), Managers(row[5]), row[6], row[7])

    async def _set(self, chat_id: int, assignments: str, *values: object) -> None:
        async with transaction(self._conn) as conn:
            await conn.execute(
                f"UPDATE group_chats SET {assignments}, updated_at = ? WHERE id = ?", (*values, time.time(), chat_id)
            )

    async def mark_introduced(self, chat_id: int) -> bool:
        """Record the introduction; False when the bot already introduced itself in this group."""
        async with transaction(self._conn) as conn:
            cur = await conn.execute(
                "UPDATE group_chats SET introduced_at = ?, updated_at = ? WHERE id = ? AND introduced_at IS NULL",
                (time.time(), time.time(), chat_id),
            )
            return cur.rowcount > 0

    async def set_bot_present(self, chat_id: int, present: bool, update_id: int) -> None:
        """The bot was added (back) or removed, as Telegram's update ``update_id`` says. Updates may be handled out of
        order: an older one never overrides a newer one. A removal is remembered (/settings says the calls stayed)."""
        now = time.time()
        async with transaction(self._conn) as conn:
            if not present:
                await conn.execute("UPDATE group_chats SET removed_at = ? WHERE id = ?", (now, chat_id))
            await conn.execute(
                "UPDATE group_chats SET bot_present = ?, bot_update_id = ?, updated_at = ?"
                " WHERE id = ? AND bot_update_id < ?",
                (int(present), update_id, now, chat_id, update_id),
            )

    async def move(self, old_id: int, new_id: int, kind: str, title: str | None) -> int:
        """A basic group became a supergroup with a new id: its calls, settings, profiles and row follow it (one
        step; what the new id got meanwhile, with no call yet, is replaced); returns how many calls moved. Nothing
        moves when the new id already has calls of its own."""
        now = time.time()
        if old_id >= 0 or new_id >= 0:
            return 0
        async with transaction(self._conn) as conn:
            async with conn.execute(
                "SELECT EXISTS (SELECT 1 FROM group_chats WHERE id = ?),"
                " EXISTS (SELECT 1 FROM calls WHERE user_id = ?)",
                (old_id, new_id),
            ) as cur:
                row = await cur.fetchone()
            if row is None or not row[0] or row[1]:  # nothing to move (a redelivery), or the new id has calls
                return 0
            await conn.execute("DELETE FROM users WHERE id = ?", (new_id,))
            await conn.execute("DELETE FROM group_chats WHERE id = ?", (new_id,))
            await conn.execute(
                "INSERT INTO users(id, language_code, first_name, created_at, updated_at, language_override,"
                " active_call_id, summary_template, summary_instructions, transcription_options, voice_recognition)"
                " SELECT ?, language_code, ?, created_at, ?, language_override, active_call_id, summary_template,"
                " summary_instructions, transcription_options, voice_recognition FROM users WHERE id = ?",
                (new_id, title, now, old_id),
            )
            moved = await conn.execute(
                "UPDATE calls SET user_id = ?, chat_id = ? WHERE user_id = ?", (new_id, new_id, old_id)
            )
            for table in ("people", "ask_messages"):
                await conn.execute(f"UPDATE {table} SET user_id = ? WHERE user_id = ?", (new_id, old_id))
            await conn.execute("DELETE FROM users WHERE id = ?", (old_id,))
            await conn.execute(
                "UPDATE group_chats SET id = ?, kind = ?, title = ?, updated_at = ? WHERE id = ?",
                (new_id, kind, title, now, old_id),
            )
            return moved.rowcount

    async def set_auto_mode(self, chat_id: int, on: bool) -> None:
        await self._set(chat_id, "auto_mode = ?", int(on))

    async def set_managers(self, chat_id: int, managers: Managers) -> None:
        await self._set(chat_id, "managers = ?", Managers(managers).value)
