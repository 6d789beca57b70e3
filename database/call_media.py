"""Queries on ``call_audio`` (the audio copy the Mini App streams) and ``call_insights`` (what a language model
found in a call): both belong to their call and go with it."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import aiosqlite

from database.models import AudioCopy, StoredInsights
from database.transactions import transaction

_AUDIO_FIELDS = ("call_id", "file_name", "bytes", "created_at")


def _audio(row: Any) -> AudioCopy:
    return AudioCopy(**dict(zip(_AUDIO_FIELDS, row, strict=True)))


class AudioQueries:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def record(self, user_id: int, call_id: int, file_name: str, size: int) -> bool:
        """Remember the call's audio copy; False when the call is gone (deleted meanwhile): the file is orphaned."""
        async with transaction(self._conn) as conn:
            cur = await conn.execute(
                "INSERT INTO call_audio(call_id, file_name, bytes, created_at)"
                " SELECT id, ?, ?, ? FROM calls WHERE id = ? AND user_id = ?"
                " ON CONFLICT(call_id) DO UPDATE SET file_name = excluded.file_name, bytes = excluded.bytes,"
                " created_at = excluded.created_at",
                (file_name, size, time.time(), call_id, user_id),
            )
            return cur.rowcount > 0

    async def get(self, user_id: int, call_id: int) -> AudioCopy | None:
        """The audio copy of the user's call; ``None`` for another user's call or a call without one."""
        async with self._conn.execute(
            "SELECT a.call_id, a.file_name, a.bytes, a.created_at FROM call_audio a JOIN calls c ON c.id = a.call_id"
            " WHERE a.call_id = ? AND c.user_id = ?",
            (call_id, user_id),
        ) as cur:
            row = await cur.fetchone()
        return _audio(row) if row else None

    async def older_than(self, moment: float) -> list[AudioCopy]:
        async with self._conn.execute(
            f"SELECT {', '.join(_AUDIO_FIELDS)} FROM call_audio WHERE created_at < ? ORDER BY created_at", (moment,)
        ) as cur:
            return [_audio(row) for row in await cur.fetchall()]

    async def file_names(self) -> set[str]:
        """Every audio file a call still owns (anything else in the folder is a leftover)."""
        async with self._conn.execute("SELECT file_name FROM call_audio") as cur:
            return {str(row[0]) for row in await cur.fetchall()}

    async def forget(self, call_ids: Iterable[int]) -> None:
        ids = [(call_id,) for call_id in call_ids]
        async with transaction(self._conn) as conn:
            await conn.executemany("DELETE FROM call_audio WHERE call_id = ?", ids)


class InsightQueries:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, user_id: int, call_id: int) -> StoredInsights | None:
        async with self._conn.execute(
            "SELECT i.call_id, i.model, i.content, i.created_at FROM call_insights i JOIN calls c ON c.id = i.call_id"
            " WHERE i.call_id = ? AND c.user_id = ?",
            (call_id, user_id),
        ) as cur:
            row = await cur.fetchone()
        return StoredInsights(*row) if row else None

    async def save(self, user_id: int, call_id: int, model: str, content: str) -> None:
        """Keep what the model found (nothing when the call is gone meanwhile)."""
        async with transaction(self._conn) as conn:
            await conn.execute(
                "INSERT INTO call_insights(call_id, model, content, created_at)"
                " SELECT id, ?, ?, ? FROM calls WHERE id = ? AND user_id = ?"
                " ON CONFLICT(call_id) DO UPDATE SET model = excluded.model, content = excluded.content,"
                " created_at = excluded.created_at",
                (model, content, time.time(), call_id, user_id),
            )
