"""Queries on ``call_shares`` (links to a call, kept as the hash of their secret) and ``share_grants`` (who opened
one). A link is live while it is neither revoked nor past its expiry; ``now`` comes from the caller's clock."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiosqlite

from database.transactions import transaction

_FIELDS = ("id", "call_id", "owner_id", "created_at", "expires_at", "revoked_at")
_COLUMNS = ", ".join(f"s.{name}" for name in _FIELDS)
_LIVE = "s.revoked_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > :now)"


@dataclass(frozen=True, slots=True)
class CallShare:
    """A link to one call; ``opened`` counts the people who hold access through it."""

    id: int
    call_id: int
    owner_id: int
    created_at: float
    expires_at: float | None
    revoked_at: float | None
    opened: int = 0

    def live(self, now: float) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


def _share(row: Any) -> CallShare:
    return CallShare(*row)


class ShareQueries:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def create(
        self, owner_id: int, call_id: int, token_hash: str, now: float, expires_at: float | None
    ) -> CallShare | None:
        """A new link to the owner's call; ``None`` when the call is not theirs (or is gone)."""
        async with transaction(self._conn) as conn:
            cur = await conn.execute(
                "INSERT INTO call_shares(token_hash, call_id, owner_id, created_at, expires_at)"
                " SELECT ?, id, user_id, ?, ? FROM calls WHERE id = ? AND user_id = ?",
                (token_hash, now, expires_at, call_id, owner_id),
            )
            if cur.rowcount == 0:
                return None
            share_id = int(cur.lastrowid or 0)
        return CallShare(share_id, call_id, owner_id, now, expires_at, None)

    async def by_token(self, token_hash: str) -> CallShare | None:
        """The link whose secret hashes to ``token_hash``, live or not."""
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM call_shares s WHERE s.token_hash = ?", (token_hash,)
        ) as cur:
            row = await cur.fetchone()
        return _share(row) if row else None

    async def grant(self, share_id: int, user_id: int, now: float) -> bool:
        """Give ``user_id`` access through the link, if it is live at ``now`` (checked in the same statement, so a
        revocation in between wins); True when they hold access afterwards."""
        params = {"share": share_id, "user": user_id, "now": now}
        async with transaction(self._conn) as conn:
            await conn.execute(
                "INSERT INTO share_grants(share_id, user_id, created_at)"
                f" SELECT s.id, :user, :now FROM call_shares s WHERE s.id = :share AND {_LIVE}"
                " ON CONFLICT DO NOTHING",
                params,
            )
        return await self.granted(share_id, user_id, now) is not None

    async def granted(self, share_id: int, user_id: int, now: float) -> CallShare | None:
        """The link, when it is live and ``user_id`` opened it: the one rule of a shared reader's access."""
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM call_shares s JOIN share_grants g ON g.share_id = s.id"
            f" WHERE s.id = :share AND g.user_id = :user AND {_LIVE}",
            {"share": share_id, "user": user_id, "now": now},
        ) as cur:
            row = await cur.fetchone()
        return _share(row) if row else None

    async def of_owner(self, owner_id: int, limit: int) -> tuple[list[CallShare], int]:
        """The owner's links not revoked (expired ones too), newest first, with how many people opened each; and
        how many such links they have."""
        where = "s.owner_id = ? AND s.revoked_at IS NULL"
        async with self._conn.execute(f"SELECT COUNT(*) FROM call_shares s WHERE {where}", (owner_id,)) as cur:
            row = await cur.fetchone()
        async with self._conn.execute(
            f"SELECT {_COLUMNS}, (SELECT COUNT(*) FROM share_grants g WHERE g.share_id = s.id)"
            f" FROM call_shares s WHERE {where} ORDER BY s.id DESC LIMIT ?",
            (owner_id, limit),
        ) as cur:
            shares = [_share(r) for r in await cur.fetchall()]
        return shares, int(row[0]) if row else 0

    async def owned(self, owner_id: int, share_id: int) -> CallShare | None:
        """The owner's link ``share_id``, live or not; None for another user's or a missing one."""
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM call_shares s WHERE s.id = ? AND s.owner_id = ?", (share_id, owner_id)
        ) as cur:
            row = await cur.fetchone()
        return _share(row) if row else None

    async def revoke(self, owner_id: int, share_id: int, now: float) -> bool:
        """Stop the owner's link and remove everyone's access through it, in one step; False when it is not the
        owner's or was revoked already."""
        async with transaction(self._conn) as conn:
            cur = await conn.execute(
                "UPDATE call_shares SET revoked_at = ? WHERE id = ? AND owner_id = ? AND revoked_at IS NULL",
                (now, share_id, owner_id),
            )
            if cur.rowcount == 0:
                return False
            await conn.execute("DELETE FROM share_grants WHERE share_id = ?", (share_id,))
        return True

    async def grants_of(self, user_id: int) -> int:
        """How many links ``user_id`` holds access through (live or not)."""
        async with self._conn.execute("SELECT COUNT(*) FROM share_grants WHERE user_id = ?", (user_id,)) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0
