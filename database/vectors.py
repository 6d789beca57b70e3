"""Queries on ``segment_vectors``: embeddings of a call's segments (the bot packs and compares them)."""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite

from database.transactions import transaction

CALL_VECTOR = -1  # the row holding the call's mean vector


class VectorQueries:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def replace(self, user_id: int, call_id: int, model: str, vectors: Sequence[bytes], mean: bytes) -> None:
        """Store the segment vectors (in segment order) and the call's mean vector, replacing earlier ones."""
        async with transaction(self._conn) as conn:
            cur = await conn.execute("SELECT 1 FROM calls WHERE id = ? AND user_id = ?", (call_id, user_id))
            if await cur.fetchone() is None:
                raise LookupError(f"call {call_id} does not belong to user {user_id}")
            await conn.execute("DELETE FROM segment_vectors WHERE call_id = ?", (call_id,))
            rows = [(call_id, i, model, v) for i, v in enumerate(vectors)] + [(call_id, CALL_VECTOR, model, mean)]
            await conn.executemany("INSERT INTO segment_vectors(call_id, idx, model, vector) VALUES (?, ?, ?, ?)", rows)

    async def segments(self, user_id: int, call_id: int, model: str) -> list[bytes]:
        """The call's segment vectors made with ``model``, in segment order (empty when there are none)."""
        async with self._conn.execute(
            "SELECT v.vector FROM segment_vectors v JOIN calls c ON c.id = v.call_id"
            " WHERE v.call_id = ? AND c.user_id = ? AND v.model = ? AND v.idx >= 0 ORDER BY v.idx",
            (call_id, user_id, model),
        ) as cur:
            return [row[0] for row in await cur.fetchall()]

    async def calls(self, user_id: int, model: str) -> list[tuple[int, bytes]]:
        """``(call id, mean vector)`` of every call of the user that has vectors made with ``model``."""
        async with self._conn.execute(
            "SELECT v.call_id, v.vector FROM segment_vectors v JOIN calls c ON c.id = v.call_id"
            " WHERE c.user_id = ? AND v.model = ? AND v.idx = ?",
            (user_id, model, CALL_VECTOR),
        ) as cur:
            return [(int(call_id), vector) for call_id, vector in await cur.fetchall()]
