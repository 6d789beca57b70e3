"""The step that lets group chats own calls, on a database written by the code before it: private calls stay their
sender's, a failing step leaves the file as it was, and a group's calls are scoped to the group."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import database.migrations
from database import Database
from database.calls import NewCall
from database.schema_steps import MIGRATIONS

STEP = [name for name, _ in MIGRATIONS].index("group_chats")  # later steps wait behind it
BEFORE = MIGRATIONS[:STEP]


def stored(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


async def database_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file made by the release before the group step: two users, a call each."""
    monkeypatch.setattr(database.migrations, "MIGRATIONS", BEFORE)
    path = tmp_path / "bot.sqlite3"
    db = await Database.open(path)
    try:
        for user_id in (11, 22):
            await db.users.ensure(user_id, "en", f"user {user_id}")
            await db.conn.execute(
                "INSERT INTO calls(user_id, chat_id, status, source_kind, file_id, file_unique_id, message_id,"
                " created_at, updated_at) VALUES (?, ?, 'done', 'voice', 'f', 'u', 1, 0, 0)",
                (user_id, user_id),
            )
        await db.conn.commit()
    finally:
        await db.aclose()
    monkeypatch.undo()
    return path


async def test_private_calls_stay_their_senders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = await database_before(tmp_path, monkeypatch)
    db = await Database.open(path)
    try:
        (call,) = await db.calls.list_for_user(11)
        assert (call.user_id, call.sender_id, call.thread_id, call.in_group) == (11, 11, None, False)
        assert await db.groups.get(-100) is None
    finally:
        await db.aclose()
    assert stored(path, "SELECT user_id, sender_id FROM calls ORDER BY id") == [(11, 11), (22, 22)]


async def test_a_failing_step_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = await database_before(tmp_path, monkeypatch)
    before = stored(path, "SELECT * FROM calls ORDER BY id")
    name, script = MIGRATIONS[STEP]
    monkeypatch.setattr(
        database.migrations, "MIGRATIONS", (*BEFORE, (name, script + "\nINSERT INTO nowhere VALUES (1);"))
    )
    with pytest.raises(sqlite3.OperationalError):
        await Database.open(path)
    assert stored(path, "SELECT * FROM calls ORDER BY id") == before
    assert stored(path, "SELECT name FROM sqlite_master WHERE name = 'group_chats'") == []


async def test_a_groups_calls_are_the_groups_only(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "bot.sqlite3")
    try:
        await db.users.ensure(11, "en", "Ann")
        await db.groups.ensure(-100, "supergroup", "Team")
        await db.users.ensure(-100, "en", "Team")
        private = await db.calls.create(NewCall(11, 11, "voice", "f1", "u1", None, None, None, message_id=1))
        group = await db.calls.create(
            NewCall(-100, -100, "voice", "f2", "u2", None, None, None, message_id=1, sender_id=11, thread_id=7)
        )
        assert [c.id for c in await db.calls.list_for_user(-100)] == [group.id]
        assert [c.id for c in await db.calls.list_for_user(11)] == [private.id]
        assert await db.calls.get(-100, private.id) is None and await db.calls.get(11, group.id) is None
        assert (group.sender_id, group.thread_id, group.in_group) == (11, 7, True)
        assert await db.calls.delete_all(-100) == 1  # the group's data: its calls, settings and its row
        assert await db.groups.get(-100) is None and await db.users.get(-100) is None
        assert [c.id for c in await db.calls.list_for_user(11)] == [private.id]
    finally:
        await db.aclose()


async def test_the_bots_presence_follows_the_newest_update_whatever_the_order(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "bot.sqlite3")
    try:
        await db.groups.ensure(-100, "group", "Team")
        await db.groups.set_bot_present(-100, False, update_id=7)  # removed (handled first)
        await db.groups.set_bot_present(-100, True, update_id=6)  # the older "added" arrives late
        group = await db.groups.get(-100)
        assert group is not None and not group.bot_present and group.removed_at is not None
        await db.groups.set_bot_present(-100, True, update_id=8)  # added back
        group = await db.groups.get(-100)
        assert group is not None and group.bot_present and group.removed_at is not None  # the removal is remembered
    finally:
        await db.aclose()


async def test_a_groups_data_follows_it_to_its_supergroup_id(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "bot.sqlite3")
    try:
        await db.groups.ensure(-5, "group", "Team")
        await db.users.ensure(-5, "en", "Team")
        await db.users.set_language(-5, "ru")
        call = await db.calls.create(NewCall(-5, -5, "voice", "f", "u", None, None, None, message_id=3, sender_id=11))
        await db.groups.ensure(-1005, "supergroup", "Team")  # an update from the new id got there first
        assert await db.groups.move(-5, -1005, "supergroup", "Team") == 1
        moved = await db.calls.get(-1005, call.id)
        assert moved is not None and (moved.chat_id, moved.sender_id) == (-1005, 11)
        owner = await db.users.get(-1005)
        assert owner is not None and owner.language == "ru"  # the group's settings came along
        assert await db.users.get(-5) is None and await db.groups.get(-5) is None
        assert await db.groups.move(-5, -1005, "supergroup", "Team") == 0  # nothing left to move, nothing lost
        assert [c.id for c in await db.calls.list_for_user(-1005)] == [call.id]
        await db.calls.delete(-1005, call.id)
        assert await db.groups.move(-5, -1005, "supergroup", "Team") == 0  # redelivered: the new settings stay
        owner = await db.users.get(-1005)
        assert owner is not None and owner.language == "ru" and await db.groups.get(-1005) is not None
    finally:
        await db.aclose()
