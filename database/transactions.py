"""Explicit transactions on the shared autocommit connection, serialized by one lock per connection."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiosqlite

_locks: weakref.WeakKeyDictionary[aiosqlite.Connection, asyncio.Lock] = weakref.WeakKeyDictionary()


@asynccontextmanager
async def exclusive(conn: aiosqlite.Connection) -> AsyncIterator[aiosqlite.Connection]:
    """The connection with no transaction of this process open on it (for checkpoints and other pragmas)."""
    async with _locks.setdefault(conn, asyncio.Lock()):
        yield conn


@asynccontextmanager
async def transaction(conn: aiosqlite.Connection) -> AsyncIterator[aiosqlite.Connection]:
    """All-or-nothing block: BEGIN IMMEDIATE … COMMIT, ROLLBACK on any error (no half-written rows).

    A task cancelled while BEGIN is on its way still gets the ROLLBACK: statements run in order on the
    connection's thread, so the connection is never left inside a transaction nobody owns.
    """
    lock = _locks.setdefault(conn, asyncio.Lock())
    async with lock:
        try:
            await conn.execute("BEGIN IMMEDIATE")
            yield conn
        except BaseException:
            with contextlib.suppress(sqlite3.OperationalError):  # BEGIN itself failed: nothing to undo
                await asyncio.shield(conn.execute("ROLLBACK"))
            raise
        await asyncio.shield(conn.execute("COMMIT"))
