"""Sharing calls: making and revoking an owner's links, opening one, and the one rule of what a reader of a shared
call may reach (:meth:`CallSharing.call_for_reader`). The clock is injected, so expiry is decided by one source
of time (tests move it)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.sharing.links import expires_at, is_share_token, new_token, token_hash
from database import Call, Database
from database.shares import CallShare

LISTED_LINKS = 20  # /shared shows the newest links, each with its Revoke button


class Opening(StrEnum):
    """What opening a link gave."""

    GRANTED = "granted"  # the reader now holds access (or held it already)
    OWN = "own"  # the owner opened their own link: nothing is granted
    UNKNOWN = "unknown"  # no such link (mistyped, forged, or its call was deleted)
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True, slots=True)
class Opened:
    outcome: Opening
    share: CallShare | None = None
    call: Call | None = None


@dataclass(frozen=True, slots=True)
class MadeLink:
    share: CallShare
    token: str  # the secret in the link: shown to the owner once, never stored


@dataclass(frozen=True, slots=True)
class ListedLink:
    share: CallShare
    call: Call


class CallSharing:
    def __init__(self, db: Database, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self.clock = clock

    async def make_link(self, owner_id: int, call: Call, expiry: str) -> MadeLink | None:
        """A new link to the owner's call; None when the call is not (or no longer) theirs."""
        token, now = new_token(), self.clock()
        share = await self._db.shares.create(owner_id, call.id, token_hash(token), now, expires_at(expiry, now))
        return MadeLink(share, token) if share is not None else None

    async def open(self, user_id: int, token: str) -> Opened:
        """The reader opened a link: access for them while it is live, or why not."""
        share = await self._db.shares.by_token(token_hash(token)) if is_share_token(token) else None
        call = await self._db.calls.get(share.owner_id, share.call_id) if share is not None else None
        now = self.clock()
        if share is None or call is None:
            return Opened(Opening.UNKNOWN)
        if share.owner_id == user_id:
            return Opened(Opening.OWN, share, call)
        if share.live(now) and await self._db.shares.grant(share.id, user_id, now):
            return Opened(Opening.GRANTED, share, call)
        latest = await self._db.shares.by_token(token_hash(token))  # revoked (or deleted) meanwhile, or expired
        if latest is None:
            return Opened(Opening.UNKNOWN)
        return Opened(Opening.REVOKED if latest.revoked_at is not None else Opening.EXPIRED, share)

    async def call_for_reader(self, user_id: int, share_id: int) -> Call | None:
        """The call a reader reaches through the link ``share_id``: only while the link is live (not revoked, not
        expired, its call not deleted) and they opened it. Every action of a shared reader goes through here."""
        share = await self._db.shares.granted(share_id, user_id, self.clock())
        return await self._db.calls.get(share.owner_id, share.call_id) if share is not None else None

    async def links_of(self, owner_id: int) -> tuple[list[ListedLink], int]:
        """The owner's links that are not revoked, newest first (at most ``LISTED_LINKS``), and how many there are."""
        shares, total = await self._db.shares.of_owner(owner_id, LISTED_LINKS)
        listed = []
        for share in shares:
            call = await self._db.calls.get(owner_id, share.call_id)
            if call is not None:
                listed.append(ListedLink(share, call))
        return listed, total

    async def revoke(self, owner_id: int, share_id: int) -> Call | None:
        """Stop the owner's link; everyone who opened it loses access at once. The call it led to, or None when
        the link is not the owner's, is revoked already, or its call is gone."""
        share = await self._db.shares.owned(owner_id, share_id)
        if share is None or not await self._db.shares.revoke(owner_id, share_id, self.clock()):
            return None
        return await self._db.calls.get(owner_id, share.call_id)

    def now(self) -> float:
        return self.clock()
