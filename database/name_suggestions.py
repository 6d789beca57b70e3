"""Queries on ``name_suggestions``: names heard in a call for its speakers, kept until the user applies them."""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite

from database.models import SuggestedName
from database.transactions import transaction

_SELECT = "SELECT n.id, n.call_id, n.label, n.name, n.at FROM name_suggestions n JOIN calls c ON c.id = n.call_id"


class NameSuggestionQueries:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def replace(self, user_id: int, call_id: int, found: Sequence[tuple[str, str, float]]) -> None:
        """Keep ``found`` (label, name, seconds) as the call's suggestions, replacing earlier ones; labels that
        are not the call's speakers are ignored."""
        async with transaction(self._conn) as conn:
            await conn.execute(
                "DELETE FROM name_suggestions WHERE call_id = ?"
                " AND call_id IN (SELECT id FROM calls WHERE user_id = ?)",
                (call_id, user_id),
            )
            await conn.executemany(
                "INSERT INTO name_suggestions(call_id, label, name, at)"
                " SELECT sp.call_id, sp.label, ?, ? FROM speakers sp JOIN calls c ON c.id = sp.call_id"
                " WHERE sp.call_id = ? AND sp.label = ? AND c.user_id = ?",
                [(name, at, call_id, label, user_id) for label, name, at in found],
            )

    async def list(self, user_id: int, call_id: int) -> list[SuggestedName]:
        async with self._conn.execute(
            _SELECT + " WHERE n.call_id = ? AND c.user_id = ? ORDER BY n.at, n.id", (call_id, user_id)
        ) as cur:
            return [SuggestedName(*row) for row in await cur.fetchall()]

    async def get(self, user_id: int, call_id: int, suggestion_id: int) -> SuggestedName | None:
        """The suggestion, only when it is one of this user's call's."""
        async with self._conn.execute(
            _SELECT + " WHERE n.id = ? AND n.call_id = ? AND c.user_id = ?", (suggestion_id, call_id, user_id)
        ) as cur:
            row = await cur.fetchone()
        return SuggestedName(*row) if row else None

    async def remove(self, user_id: int, call_id: int, suggestion_id: int) -> None:
        async with transaction(self._conn) as conn:
            await conn.execute(
                "DELETE FROM name_suggestions WHERE id = ? AND call_id = ?"
                " AND call_id IN (SELECT id FROM calls WHERE user_id = ?)",
                (suggestion_id, call_id, user_id),
            )
