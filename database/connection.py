"""One aiosqlite connection per process: WAL, foreign keys, migrations, and the per-table query objects."""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from database.call_media import AudioQueries, InsightQueries
from database.calls import CallQueries
from database.conversations import ChatQueries
from database.deletions import DeletionQueries
from database.groups import GroupQueries
from database.migrations import migrate
from database.name_suggestions import NameSuggestionQueries
from database.search import SearchQueries, register_stemmer
from database.shares import ShareQueries
from database.summaries import SummaryQueries
from database.transactions import exclusive, transaction
from database.transcripts import TranscriptQueries
from database.users import UserQueries
from database.vectors import VectorQueries
from database.voices import VoiceQueries


class Database:
    """Open with :meth:`open`, close with :meth:`close`; queries live on the per-table attributes."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn
        self.users = UserQueries(conn)
        self.groups = GroupQueries(conn)
        self.calls = CallQueries(conn)
        self.transcripts = TranscriptQueries(conn)
        self.summaries = SummaryQueries(conn)
        self.chat = ChatQueries(conn)
        self.search = SearchQueries(conn)
        self.deletions = DeletionQueries(conn)
        self.vectors = VectorQueries(conn)
        self.audio = AudioQueries(conn)
        self.insights = InsightQueries(conn)
        self.names = NameSuggestionQueries(conn)
        self.voices = VoiceQueries(conn)
        self.shares = ShareQueries(conn)

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
            await conn.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten with zeros, not left behind
            await register_stemmer(conn)
            await migrate(conn)
        except BaseException:
            await conn.close()
            raise
        return cls(conn)

    async def aclose(self) -> None:
        await self.conn.close()

    async def scrub(self) -> bool:
        """After deleting user data, leave none of it in the files: merge the search index (deleted rows' terms
        otherwise linger in older index segments) and move every page into the main file, truncating the WAL.

        Returns whether the WAL could be truncated (a concurrent reader may hold it; the next scrub retries).
        """
        async with transaction(self.conn) as conn:
            await conn.execute("INSERT INTO segment_search(segment_search) VALUES ('optimize')")
        async with exclusive(self.conn) as conn, conn.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cur:
            row = await cur.fetchone()
        return row is not None and row[0] == 0

    async def install_secret(self, name: str) -> str:
        """A random per-install value created by the migrations (e.g. the salt of user tags)."""
        async with self.conn.execute("SELECT value FROM install_secrets WHERE name = ?", (name,)) as cur:
            row = await cur.fetchone()
        if row is None:
            raise LookupError(f"no install secret {name!r}")
        return str(row[0])

    async def schema_versions(self) -> list[int]:
        async with self.conn.execute("SELECT version FROM schema_migrations ORDER BY version") as cur:
            return [row[0] for row in await cur.fetchall()]
