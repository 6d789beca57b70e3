"""Explicit transactions on the shared autocommit connection, serialized by one lock per connection."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiosqlite

_locks: weakref.WeakKeyDictionary[aiosqlite.Connection, asyncio.Lock] = weakref.WeakKeyDictionary()


@asynccontextmanager
async def transaction(conn: aiosqlite.Connection) -> AsyncIterator[aiosqlite.Connection]:
    """All-or-nothing block: BEGIN IMMEDIATE … COMMIT, ROLLBACK on any error (no half-written rows)."""
    lock = _locks.setdefault(conn, asyncio.Lock())
    async with lock:
        await conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            await conn.execute("ROLLBACK")
            raise
        await conn.execute("COMMIT")
