"""One aiosqlite connection per process: WAL, foreign keys, migrations, and the per-table query objects."""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from database.calls import CallQueries
from database.migrations import migrate
from database.search import SearchQueries, register_stemmer
from database.summaries import ChatQueries, SummaryQueries
from database.transcripts import TranscriptQueries
from database.users import UserQueries


class Database:
    """Open with :meth:`open`, close with :meth:`close`; queries live on the per-table attributes."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn
        self.users = UserQueries(conn)
        self.calls = CallQueries(conn)
        self.transcripts = TranscriptQueries(conn)
        self.summaries = SummaryQueries(conn)
        self.chat = ChatQueries(conn)
        self.search = SearchQueries(conn)

    @classmethod
    async def open(cls, path: str | Path) -> Database:
        """Connect, switch to WAL, enable foreign keys and apply pending migrations."""
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        try:
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA busy_timeout=5000")
            await conn.execute("PRAGMA synchronous=NORMAL")
            await register_stemmer(conn)
            await migrate(conn)
        except BaseException:
            await conn.close()
            raise
        return cls(conn)

    async def close(self) -> None:
        await self.conn.close()

    async def schema_versions(self) -> list[int]:
        async with self.conn.execute("SELECT version FROM schema_migrations ORDER BY version") as cur:
            return [row[0] for row in await cur.fetchall()]
