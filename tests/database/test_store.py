"""The data layer on real SQLite files: migrations from empty, WAL, user isolation, all-or-nothing writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from database import CallStatus, Database, Segment, Speaker, Word
from database.calls import NewCall
from database.migrations import MIGRATIONS

ALICE, BOB = 1, 2


def new_call(user_id: int, unique: str = "u1") -> NewCall:
    return NewCall(user_id, user_id, "voice", f"file-{unique}", unique, "voice.ogg", "audio/ogg", 1234)


SEGMENTS = [
    Segment(0.0, 2.5, "Hello there.", "SPEAKER_00", (Word("Hello", 0.0, 1.0, "SPEAKER_00"),)),
    Segment(2.5, 6.0, "We ship on Friday.", "SPEAKER_01", (Word("We", 2.5, 2.8, "SPEAKER_01"),)),
]
SPEAKERS = [Speaker("SPEAKER_00", 1, 2.5), Speaker("SPEAKER_01", 2, 3.5)]


@pytest.fixture
async def db(tmp_path: Path):
    database = await Database.open(tmp_path / "bot.sqlite3")
    await database.users.upsert(ALICE, "en", "Alice")
    await database.users.upsert(BOB, "ru", "Bob")
    yield database
    await database.aclose()


async def test_migrations_from_empty_are_recorded_and_not_reapplied(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"
    db = await Database.open(path)
    assert await db.schema_versions() == list(range(1, len(MIGRATIONS) + 1))
    await db.aclose()
    db = await Database.open(path)  # second open applies nothing and keeps data
    assert await db.schema_versions() == list(range(1, len(MIGRATIONS) + 1))
    await db.aclose()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        names = [r[0] for r in raw.execute("SELECT name FROM schema_migrations ORDER BY version")]
    assert {"users", "calls", "speakers", "segments", "words", "summaries", "chat_messages"} <= tables
    assert names == [name for name, _ in MIGRATIONS]


async def test_partly_migrated_database_gets_only_the_missing_steps(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at REAL)")
        raw.executescript(MIGRATIONS[0][1])
        raw.execute("INSERT INTO schema_migrations VALUES (1, ?, 0)", (MIGRATIONS[0][0],))
        raw.execute("INSERT INTO users VALUES (7, 'en', 'Old', 0, 0)")
    db = await Database.open(path)
    try:
        assert await db.schema_versions() == list(range(1, len(MIGRATIONS) + 1))
        assert (await db.users.get(7)) is not None
    finally:
        await db.aclose()


async def test_calls_are_scoped_to_their_user(db: Database) -> None:
    call = await db.calls.create(new_call(ALICE))
    assert (await db.calls.get(ALICE, call.id)) == call
    assert await db.calls.get(BOB, call.id) is None
    await db.calls.update(BOB, call.id, status=CallStatus.CANCELLED)  # no effect on Alice's call
    assert (await db.calls.get(ALICE, call.id)).status is CallStatus.RECEIVED
    assert await db.calls.list_for_user(BOB) == []
    assert not await db.calls.delete(BOB, call.id)
    with pytest.raises(ValueError):
        await db.calls.update(ALICE, call.id, chat_id=BOB)  # not an updatable column


async def test_transcripts_summaries_and_chat_are_scoped(db: Database) -> None:
    call = await db.calls.create(new_call(ALICE))
    await db.transcripts.replace(ALICE, call.id, SEGMENTS, SPEAKERS)
    stored = await db.transcripts.segments(ALICE, call.id, with_words=True)
    assert stored == SEGMENTS
    assert await db.transcripts.segments(BOB, call.id) == []
    assert await db.transcripts.speakers(BOB, call.id) == []
    with pytest.raises(LookupError):
        await db.transcripts.replace(BOB, call.id, SEGMENTS, SPEAKERS)
    with pytest.raises(LookupError):
        await db.summaries.save(BOB, call.id, "llm", "en", "{}")
    await db.summaries.save(ALICE, call.id, "llm", "en", '{"overview": "x"}')
    assert (await db.summaries.get(ALICE, call.id)).content == '{"overview": "x"}'
    assert await db.summaries.get(BOB, call.id) is None
    await db.chat.add(ALICE, call.id, "user", "What was decided?")
    with pytest.raises(LookupError):
        await db.chat.add(BOB, call.id, "user", "peek")
    assert await db.chat.history(ALICE, call.id) == [("user", "What was decided?")]
    assert await db.chat.history(BOB, call.id) == []


async def test_transcript_write_is_all_or_nothing(db: Database) -> None:
    call = await db.calls.create(new_call(ALICE))
    await db.transcripts.replace(ALICE, call.id, SEGMENTS, SPEAKERS)
    broken = [*SEGMENTS, Segment(7.0, 8.0, None, "SPEAKER_00")]  # type: ignore[arg-type]  # NOT NULL text
    with pytest.raises(sqlite3.IntegrityError):
        await db.transcripts.replace(ALICE, call.id, broken, SPEAKERS)
    assert await db.transcripts.segments(ALICE, call.id, with_words=True) == SEGMENTS  # old one intact


async def test_reuse_lookup_and_unfinished_calls(db: Database) -> None:
    first = await db.calls.create(new_call(ALICE, "same"))
    await db.transcripts.replace(ALICE, first.id, SEGMENTS, SPEAKERS)
    await db.calls.update(ALICE, first.id, status=CallStatus.DONE, delivered_at=1.0)
    second = await db.calls.create(new_call(ALICE, "same"))
    bobs = await db.calls.create(new_call(BOB, "same"))
    assert (await db.calls.find_transcribed(ALICE, "same", exclude_id=second.id)).id == first.id
    assert await db.calls.find_transcribed(BOB, "same", exclude_id=bobs.id) is None  # never across users
    await db.transcripts.copy(ALICE, first.id, second.id)
    assert await db.transcripts.segments(ALICE, second.id) == [
        Segment(s.start, s.end, s.text, s.speaker) for s in SEGMENTS
    ]
    undelivered = await db.calls.create(new_call(ALICE, "late"))
    await db.calls.update(ALICE, undelivered.id, status=CallStatus.DONE)
    cancelled = await db.calls.create(new_call(ALICE, "gone"))
    await db.calls.update(ALICE, cancelled.id, status=CallStatus.CANCELLED)
    assert [c.id for c in await db.calls.list_unfinished()] == [second.id, bobs.id, undelivered.id]


async def test_deleting_a_call_removes_its_transcript(db: Database) -> None:
    call = await db.calls.create(new_call(ALICE))
    await db.transcripts.replace(ALICE, call.id, SEGMENTS, SPEAKERS)
    assert await db.calls.delete(ALICE, call.id)
    async with db.conn.execute("SELECT COUNT(*) FROM segments") as cur:
        assert (await cur.fetchone())[0] == 0
    async with db.conn.execute("SELECT COUNT(*) FROM words") as cur:
        assert (await cur.fetchone())[0] == 0
