"""The FTS5 index of stemmed segments: kept in sync on write, copy and delete, scoped to the user, backfilled."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from database import CallStatus, Database, NamedBy, Segment, Speaker
from database.calls import NewCall
from database.migrations import MIGRATIONS
from database.search_terms import tokens

ALICE, BOB = 1, 2
SEGMENTS = [
    Segment(0.0, 2.0, "We discussed the migrations of the database.", "SPEAKER_00"),
    Segment(2.0, 5.0, "Бюджет утвердили в пятницу.", "SPEAKER_01"),
]
SPEAKERS = [Speaker("SPEAKER_00", 1, 2.0, "Ivan", NamedBy.USER), Speaker("SPEAKER_01", 2, 3.0, "Olga", NamedBy.USER)]


def new_call(user_id: int, unique: str) -> NewCall:
    return NewCall(user_id, user_id, "voice", f"file-{unique}", unique, f"{unique}.ogg", "audio/ogg", 1)


async def test_index_follows_writes_copies_and_deletes(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "bot.sqlite3")
    try:
        for user in (ALICE, BOB):
            await db.users.upsert(user, "en", "U")
        first = await db.calls.create(new_call(ALICE, "a"))
        await db.transcripts.replace(ALICE, first.id, SEGMENTS, SPEAKERS)
        (hit,) = await db.search.segments(ALICE, tokens("migration"))  # stemmed: migrations → migrat
        assert (hit.call_id, hit.speaker, hit.start, hit.call_title) == (first.id, SPEAKERS[0], 0.0, "a.ogg")
        assert [h.speaker for h in await db.search.segments(ALICE, tokens("бюджета"))] == [SPEAKERS[1]]
        assert await db.search.segments(BOB, tokens("migration")) == []  # another user's calls stay hidden

        second = await db.calls.create(new_call(ALICE, "b"))
        await db.transcripts.copy(ALICE, first.id, second.id)
        await db.calls.update(ALICE, second.id, title="Weekly sync", status=CallStatus.DONE)
        hits = await db.search.segments(ALICE, tokens("migrations"))
        assert sorted(h.call_title for h in hits) == ["Weekly sync", "a.ogg"]

        await db.transcripts.replace(ALICE, first.id, SEGMENTS[1:], SPEAKERS)  # rewritten transcript
        assert [h.call_id for h in await db.search.segments(ALICE, tokens("migrations"))] == [second.id]
        await db.calls.delete(ALICE, second.id)
        assert await db.search.segments(ALICE, tokens("migrations")) == []
        await db.calls.delete_all(ALICE)
        assert await db.users.get(ALICE) is None
        async with db.conn.execute("SELECT COUNT(*) FROM segment_search") as cur:
            assert (await cur.fetchone())[0] == 0
    finally:
        await db.aclose()


async def test_segments_stored_before_the_index_existed_are_indexed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at REAL)")
        for version, (name, script) in enumerate(MIGRATIONS[:3], start=1):
            raw.executescript(script)
            raw.execute("INSERT INTO schema_migrations VALUES (?, ?, 0)", (version, name))
        raw.execute("INSERT INTO users VALUES (1, 'en', 'Old', 0, 0)")
        raw.execute(
            "INSERT INTO calls(id, user_id, chat_id, status, source_kind, file_id, file_unique_id,"
            " created_at, updated_at) VALUES (5, 1, 1, 'done', 'voice', 'f', 'u', 0, 0)"
        )
        raw.execute(
            'INSERT INTO segments(call_id, idx, start, "end", speaker, text)'
            " VALUES (5, 0, 61, 62, 'S0', 'Contracts were signed')"
        )
    db = await Database.open(path)
    try:
        (hit,) = await db.search.segments(1, tokens("contract"))
        assert (hit.call_id, hit.start, hit.call_title) == (5, 61.0, "#5")
    finally:
        await db.aclose()
