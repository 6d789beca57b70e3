"""Apply the schema's steps (``database.schema_steps``) not yet applied; each applied version is recorded in
``schema_migrations``, each step in one transaction with its record.
"""

from __future__ import annotations

import time

import aiosqlite

from database.schema_steps import MIGRATIONS

__all__ = ["MIGRATIONS", "migrate"]


async def migrate(conn: aiosqlite.Connection) -> list[int]:
    """Apply every migration not yet recorded; return the versions applied now."""
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at REAL NOT NULL)"
    )
    async with conn.execute("SELECT version FROM schema_migrations") as cur:
        done = {row[0] for row in await cur.fetchall()}
    applied: list[int] = []
    for version, (name, script) in enumerate(MIGRATIONS, start=1):
        if version in done:
            continue
        # executescript commits first; wrap the script and its record in one explicit transaction.
        try:
            await conn.executescript(
                f"BEGIN;\n{script}\nINSERT INTO schema_migrations(version, name, applied_at) "
                f"VALUES ({version}, '{name}', {time.time()});\nCOMMIT;"
            )
        except Exception:
            await conn.rollback()
            raise
        applied.append(version)
    return applied
