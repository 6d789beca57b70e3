"""Queries on ``calls``; every read and write that a user can trigger is scoped by ``user_id``."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import aiosqlite

from database.models import ACTIVE_STATUSES, Call, CallStatus
from database.transactions import transaction

_COLUMNS = (
    "id, user_id, chat_id, status, source_kind, file_id, file_unique_id, file_name, mime_type, file_size,"
    " local_path, job_id, status_message_id, language, duration, error, created_at, finished_at, delivered_at,"
    " title"
)
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


def _row_to_call(row: Any) -> Call:
    values = list(row)
    values[3] = CallStatus(values[3])
    return Call(*values)


class CallQueries:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def create(self, new: NewCall) -> Call:
        now = time.time()
        async with transaction(self._conn) as conn:
            cur = await conn.execute(
                "INSERT INTO calls(user_id, chat_id, status, source_kind, file_id, file_unique_id, file_name,"
                " mime_type, file_size, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    now,
                    now,
                ),
            )
            call_id = cur.lastrowid
        call = await self.get(new.user_id, int(call_id or 0))
        assert call is not None
        return call

    async def get(self, user_id: int, call_id: int) -> Call | None:
        """The call if it belongs to ``user_id``; ``None`` for another user's or a missing call."""
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM calls WHERE id = ? AND user_id = ?", (call_id, user_id)
        ) as cur:
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

    async def list_unfinished(self) -> list[Call]:
        """Calls to resume after a restart: still active, or finished but not yet delivered."""
        active = tuple(s.value for s in ACTIVE_STATUSES)
        marks = ", ".join("?" for _ in active)
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM calls WHERE status IN ({marks})"
            " OR (status = ? AND delivered_at IS NULL) ORDER BY id",
            (*active, CallStatus.DONE.value),
        ) as cur:
            return [_row_to_call(row) for row in await cur.fetchall()]

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

    async def delete(self, user_id: int, call_id: int) -> bool:
        async with transaction(self._conn) as conn:
            cur = await conn.execute("DELETE FROM calls WHERE id = ? AND user_id = ?", (call_id, user_id))
            return cur.rowcount > 0

    async def delete_all(self, user_id: int) -> int:
        """Remove the user and everything of theirs (calls, transcripts, summaries, chats); returns calls removed."""
        async with transaction(self._conn) as conn:
            cur = await conn.execute("DELETE FROM calls WHERE user_id = ?", (user_id,))
            removed = cur.rowcount
            await conn.execute("DELETE FROM users WHERE id = ?", (user_id,))
            return removed
