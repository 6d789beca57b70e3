"""Queries on ``calls``; every read and write that a user can trigger is scoped by ``user_id``, the call's owner: a
person, or a group chat (its negative chat id; see ``database.schema_groups``)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import aiosqlite

from database.deletions import queue_call_jobs
from database.models import ACTIVE_STATUSES, Call, CallOrigin, CallStatus
from database.transactions import transaction

_FIELDS = (
    "id",
    "user_id",
    "chat_id",
    "status",
    "source_kind",
    "file_id",
    "file_unique_id",
    "file_name",
    "mime_type",
    "file_size",
    "local_path",
    "job_id",
    "status_message_id",
    "language",
    "duration",
    "error",
    "created_at",
    "finished_at",
    "delivered_at",
    "title",
    "message_id",
    "origin",
    "summary_message_ids",
    "transcription_options",
    "sender_id",
    "thread_id",
)
_COLUMNS = ", ".join(_FIELDS)
_UPDATABLE = frozenset(
    {
        "status",
        "job_id",
        "status_message_id",
        "language",
        "duration",
        "error",
        "finished_at",
        "delivered_at",
        "local_path",
        "title",
        "summary_message_ids",
    }
)


@dataclass(frozen=True, slots=True)
class NewCall:
    user_id: int
    chat_id: int
    source_kind: str
    file_id: str
    file_unique_id: str
    file_name: str | None
    mime_type: str | None
    file_size: int | None
    message_id: int | None = None  # (chat_id, message_id) is unique: a redelivered update creates nothing
    origin: CallOrigin = CallOrigin.TELEGRAM
    transcription_options: str | None = None  # JSON (bot.options); None = all automatic
    sender_id: int | None = None  # who posted the recording; None = the owner (a private call)
    thread_id: int | None = None  # the forum topic it was posted in


def _row_to_call(row: Any) -> Call:
    values = dict(zip(_FIELDS, row, strict=True))
    values["status"] = CallStatus(values["status"])
    return Call(**values)


class CallQueries:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def create(self, new: NewCall) -> Call:
        call = await self.create_once(new)
        if call is None:
            raise LookupError(f"message {new.message_id} of chat {new.chat_id} already has a call")
        return call

    async def create_once(self, new: NewCall) -> Call | None:
        """The new call; ``None`` when the Telegram message it comes from already has one (a redelivery)."""
        now = time.time()
        async with transaction(self._conn) as conn:
            cur = await conn.execute(
                "INSERT INTO calls(user_id, chat_id, status, source_kind, file_id, file_unique_id, file_name,"
                " mime_type, file_size, message_id, origin, transcription_options, sender_id, thread_id, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (
                    new.user_id,
                    new.chat_id,
                    CallStatus.RECEIVED.value,
                    new.source_kind,
                    new.file_id,
                    new.file_unique_id,
                    new.file_name,
                    new.mime_type,
                    new.file_size,
                    new.message_id,
                    CallOrigin(new.origin).value,
                    new.transcription_options,
                    new.user_id if new.sender_id is None else new.sender_id,
                    new.thread_id,
                    now,
                    now,
                ),
            )
            if cur.rowcount == 0:
                return None
            call_id = cur.lastrowid
        return await self.get(new.user_id, int(call_id or 0))

    async def get(self, user_id: int, call_id: int) -> Call | None:
        """The call if it belongs to ``user_id``; ``None`` for another user's or a missing call."""
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM calls WHERE id = ? AND user_id = ?", (call_id, user_id)
        ) as cur:
            row = await cur.fetchone()
        return _row_to_call(row) if row else None

    async def by_bot_message(self, user_id: int, chat_id: int, message_id: int) -> Call | None:
        """The call of ``user_id`` whose status or summary is the bot's message ``message_id`` in ``chat_id``."""
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM calls WHERE user_id = ? AND chat_id = ? AND (status_message_id = ?"
            " OR EXISTS (SELECT 1 FROM json_each(calls.summary_message_ids, '$.ids') WHERE value = ?))"
            " ORDER BY id DESC LIMIT 1",
            (user_id, chat_id, message_id, message_id),
        ) as cur:
            row = await cur.fetchone()
        return _row_to_call(row) if row else None

    async def get_in_group(self, call_id: int) -> Call | None:
        """The call if a group chat owns it (whose members may open it: ``bot.buttons.ownership``)."""
        async with self._conn.execute(f"SELECT {_COLUMNS} FROM calls WHERE id = ? AND user_id < 0", (call_id,)) as cur:
            row = await cur.fetchone()
        return _row_to_call(row) if row else None

    async def list_for_user(self, user_id: int, limit: int = 20) -> list[Call]:
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM calls WHERE user_id = ? ORDER BY id DESC LIMIT ?", (user_id, limit)
        ) as cur:
            return [_row_to_call(row) for row in await cur.fetchall()]

    async def page(self, user_id: int, offset: int, limit: int) -> tuple[list[Call], int]:
        """One page of the user's calls, newest first, and how many calls the user has."""
        async with self._conn.execute("SELECT COUNT(*) FROM calls WHERE user_id = ?", (user_id,)) as cur:
            row = await cur.fetchone()
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM calls WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
            (user_id, limit, offset),
        ) as cur:
            calls = [_row_to_call(r) for r in await cur.fetchall()]
        return calls, int(row[0]) if row else 0

    async def latest_transcribed(self, user_id: int) -> Call | None:
        """The user's newest call that has a stored transcript."""
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM calls WHERE user_id = ?"
            " AND EXISTS (SELECT 1 FROM segments s WHERE s.call_id = calls.id) ORDER BY id DESC LIMIT 1",
            (user_id,),
        ) as cur:
            row = await cur.fetchone()
        return _row_to_call(row) if row else None

    async def find_transcribed(self, user_id: int, file_unique_id: str, exclude_id: int) -> Call | None:
        """An earlier call of this user, for the same Telegram file, whose transcript is stored."""
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM calls WHERE user_id = ? AND file_unique_id = ? AND id != ?"
            " AND EXISTS (SELECT 1 FROM segments s WHERE s.call_id = calls.id)"
            " AND status IN (?, ?, ?) ORDER BY id DESC LIMIT 1",
            (
                user_id,
                file_unique_id,
                exclude_id,
                CallStatus.SUMMARIZING.value,
                CallStatus.DONE.value,
                CallStatus.SUMMARY_FAILED.value,
            ),
        ) as cur:
            row = await cur.fetchone()
        return _row_to_call(row) if row else None

    async def list_unfinished(self, origin: CallOrigin = CallOrigin.TELEGRAM) -> list[Call]:
        """Calls of ``origin`` to resume after a restart: still active, or finished but not yet delivered."""
        active = tuple(s.value for s in ACTIVE_STATUSES)
        marks = ", ".join("?" for _ in active)
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM calls WHERE origin = ? AND (status IN ({marks})"
            " OR (status = ? AND delivered_at IS NULL)) ORDER BY id",
            (CallOrigin(origin).value, *active, CallStatus.DONE.value),
        ) as cur:
            return [_row_to_call(row) for row in await cur.fetchall()]

    async def file_referenced(self, file_unique_id: str) -> bool:
        """Whether any call (of any user) still refers to this Telegram file."""
        async with self._conn.execute("SELECT 1 FROM calls WHERE file_unique_id = ? LIMIT 1", (file_unique_id,)) as cur:
            return await cur.fetchone() is not None

    async def update(self, user_id: int, call_id: int, **fields: Any) -> None:
        """Set the given columns of the user's call (names are checked against a fixed list)."""
        unknown = set(fields) - _UPDATABLE
        if unknown:
            raise ValueError(f"not updatable: {sorted(unknown)}")
        if "status" in fields:
            fields["status"] = CallStatus(fields["status"]).value
        assignments = ", ".join(f"{name} = ?" for name in fields)
        async with transaction(self._conn) as conn:
            await conn.execute(
                f"UPDATE calls SET {assignments}, updated_at = ? WHERE id = ? AND user_id = ?",
                (*fields.values(), time.time(), call_id, user_id),
            )

    async def mark_transcribed(self, user_id: int, call_id: int, language: str | None, duration: float | None) -> None:
        """The transcript is stored: on to summarizing, and the service's copy queued for deletion (one step)."""
        async with transaction(self._conn) as conn:
            await conn.execute(
                "UPDATE calls SET status = ?, language = ?, duration = ?, updated_at = ? WHERE id = ? AND user_id = ?",
                (CallStatus.SUMMARIZING.value, language, duration, time.time(), call_id, user_id),
            )
            await queue_call_jobs(conn, "id = :id AND user_id = :user", {"id": call_id, "user": user_id}, 0.0)

    async def release_job(self, user_id: int, call_id: int, settle_s: float = 0.0) -> None:
        """Queue the call's job on the service (if it has one) for deletion; the call itself stays."""
        async with transaction(self._conn) as conn:
            await queue_call_jobs(conn, "id = :id AND user_id = :user", {"id": call_id, "user": user_id}, settle_s)

    async def delete(self, user_id: int, call_id: int, settle_s: float = 0.0) -> bool:
        """Remove the call and everything of it; its job on the service is queued for deletion in the same step."""
        async with transaction(self._conn) as conn:
            params = {"id": call_id, "user": user_id}
            await queue_call_jobs(conn, "id = :id AND user_id = :user", params, settle_s)
            cur = await conn.execute("DELETE FROM calls WHERE id = :id AND user_id = :user", params)
            return cur.rowcount > 0

    async def delete_all(self, user_id: int, settle_s: float = 0.0) -> int:
        """Remove the user and everything of theirs (calls, transcripts, summaries, chats); returns calls removed.

        The jobs of the removed calls on the service are queued for deletion in the same step.
        """
        async with transaction(self._conn) as conn:
            await queue_call_jobs(conn, "user_id = :user", {"user": user_id}, settle_s)
            cur = await conn.execute("DELETE FROM calls WHERE user_id = ?", (user_id,))
            removed = cur.rowcount
            await conn.execute("DELETE FROM users WHERE id = ?", (user_id,))
            await conn.execute("DELETE FROM group_chats WHERE id = ?", (user_id,))  # a group's own row, if one
            return removed
