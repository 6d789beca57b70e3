"""Links to a call on a real SQLite file: the migration (one transaction, old data kept), the live rule (revoked,
expired), revoking takes everyone's access at once, and everything goes with the call, its owner, and the reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from database import Database
from database import migrations as migrating
from database.calls import NewCall
from database.schema_sharing import CALL_SHARES
from database.schema_steps import MIGRATIONS

STEP = MIGRATIONS.index(CALL_SHARES)  # the steps before it: the previous release's schema

OWNER, READER, OTHER = 701, 702, 703
NOW = 1_800_000_000.0


async def _owner_with_call(db: Database) -> int:
    for user in (OWNER, READER, OTHER):
        await db.users.upsert(user, "en", "Tester")
    call = await db.calls.create(NewCall(OWNER, OWNER, "audio", "f1", "u1", "planning.mp3", "audio/mpeg", 1000))
    return call.id


async def _tables(db: Database) -> set[str]:
    async with db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'") as cur:
        return {row[0] for row in await cur.fetchall()}


async def _rows(db: Database, table: str) -> int:
    async with db.conn.execute(f"SELECT COUNT(*) FROM {table}") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else -1


async def test_the_migration_adds_the_tables_to_a_database_of_the_previous_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bot.sqlite3"
    monkeypatch.setattr(migrating, "MIGRATIONS", MIGRATIONS[:STEP])
    db = await Database.open(path)
    call_id = await _owner_with_call(db)
    assert not {"call_shares", "share_grants"} & await _tables(db)
    await db.aclose()
    monkeypatch.setattr(migrating, "MIGRATIONS", MIGRATIONS)
    db = await Database.open(path)
    try:
        assert (await db.schema_versions())[-1] == len(MIGRATIONS)
        assert {"call_shares", "share_grants"} <= await _tables(db)
        assert (await db.calls.get(OWNER, call_id)) is not None
        assert await db.shares.create(OWNER, call_id, "h", NOW, None) is not None
    finally:
        await db.aclose()


async def test_a_failing_step_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bot.sqlite3"
    monkeypatch.setattr(migrating, "MIGRATIONS", MIGRATIONS[:STEP])
    db = await Database.open(path)
    await db.aclose()
    name, script = CALL_SHARES
    monkeypatch.setattr(migrating, "MIGRATIONS", (*MIGRATIONS[:STEP], (name, script + "\nSELECT no_such_column;")))
    with pytest.raises(Exception, match="no_such_column"):
        await Database.open(path)
    monkeypatch.setattr(migrating, "MIGRATIONS", MIGRATIONS[:STEP])
    db = await Database.open(path)
    try:
        assert not {"call_shares", "share_grants"} & await _tables(db)  # the tables were created, then undone
        assert len(await db.schema_versions()) == STEP
    finally:
        await db.aclose()


async def test_a_link_is_live_until_it_expires_or_is_revoked_and_revoking_takes_everyones_access(
    tmp_path: Path,
) -> None:
    db = await Database.open(tmp_path / "bot.sqlite3")
    try:
        call_id = await _owner_with_call(db)
        assert await db.shares.create(READER, call_id, "x", NOW, None) is None  # not the reader's call to share
        day = await db.shares.create(OWNER, call_id, "day", NOW, NOW + 86400)
        assert day is not None
        assert await db.shares.granted(day.id, READER, NOW) is None  # not opened yet
        assert await db.shares.grant(day.id, READER, NOW + 10)
        assert await db.shares.grant(day.id, READER, NOW + 20)  # opened again: one grant
        assert await db.shares.grant(day.id, OTHER, NOW + 30)
        assert await db.shares.granted(day.id, READER, NOW + 86399) is not None
        assert await db.shares.granted(day.id, READER, NOW + 86400) is None  # expired
        assert not await db.shares.grant(day.id, OWNER + 99, NOW + 86400)  # an expired link grants nothing
        (listed,), total = await db.shares.of_owner(OWNER, 20)
        assert (listed.id, listed.opened, total) == (day.id, 2, 1)
        assert not await db.shares.revoke(READER, day.id, NOW + 40)  # only the owner revokes
        assert await db.shares.revoke(OWNER, day.id, NOW + 40)
        assert not await db.shares.revoke(OWNER, day.id, NOW + 50)  # once
        assert await db.shares.granted(day.id, READER, NOW + 41) is None
        assert await db.shares.grants_of(READER) == await db.shares.grants_of(OTHER) == 0
        assert not await db.shares.grant(day.id, READER, NOW + 42)
        revoked = await db.shares.by_token("day")
        assert revoked is not None and revoked.revoked_at == NOW + 40  # kept, to say it was revoked
        assert await db.shares.of_owner(OWNER, 20) == ([], 0)
    finally:
        await db.aclose()


async def test_links_and_access_go_with_the_call_the_owner_and_the_reader(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "bot.sqlite3")
    try:
        call_id = await _owner_with_call(db)
        first = await db.shares.create(OWNER, call_id, "first", NOW, None)
        assert first is not None
        await db.shares.grant(first.id, READER, NOW)
        await db.shares.grant(first.id, OTHER, NOW)
        await db.calls.delete_all(READER)  # the reader's /delete of all their data: their access goes
        assert await db.shares.grants_of(READER) == 0 and await db.shares.grants_of(OTHER) == 1
        assert await db.shares.by_token("first") is not None  # the owner's link stays
        assert await db.calls.delete(OWNER, call_id)  # the call deleted: its links and their access go
        assert (await _rows(db, "call_shares"), await _rows(db, "share_grants")) == (0, 0)
        again = await db.calls.create(NewCall(OWNER, OWNER, "audio", "f2", "u2", "b.mp3", "audio/mpeg", 1))
        second = await db.shares.create(OWNER, again.id, "second", NOW, None)
        assert second is not None and await db.shares.grant(second.id, OTHER, NOW)
        await db.calls.delete_all(OWNER)  # the owner's data deleted: the same
        assert (await _rows(db, "call_shares"), await _rows(db, "share_grants")) == (0, 0)
    finally:
        await db.aclose()
