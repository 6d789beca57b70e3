"""Speakers found again replace the old ones all at once, with the call sent back to summarizing and the job owed
to the service; a job reserved for deletion is not due until later, unless made due."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from database import CallStatus, Database, Segment, Speaker, Word
from tests.database.test_store import ALICE, BOB, SEGMENTS, SPEAKERS, new_call

ONE_VOICE = [
    Segment(
        0.0,
        6.0,
        "Hello there. We ship on Friday.",
        "SPEAKER_00",
        (Word("Hello", 0.0, 1.0, "SPEAKER_00"), Word("We", 2.5, 2.8, "SPEAKER_00")),
    ),
]
ONE_SPEAKER = [Speaker("SPEAKER_00", 1, 6.0)]


@pytest.fixture
async def db(tmp_path: Path):
    database = await Database.open(tmp_path / "bot.sqlite3")
    await database.users.upsert(ALICE, "en", "Alice")
    await database.users.upsert(BOB, "en", "Bob")
    yield database
    await database.aclose()


async def _done_call(db: Database) -> int:
    call = await db.calls.create(new_call(ALICE))
    await db.transcripts.replace(ALICE, call.id, SEGMENTS, SPEAKERS)
    await db.transcripts.rename_speaker(ALICE, call.id, "SPEAKER_01", "Ivan")
    await db.calls.update(ALICE, call.id, status=CallStatus.DONE, delivered_at=time.time())
    return call.id


async def test_new_speakers_replace_the_old_with_the_call_summarizing_and_the_job_due(db: Database) -> None:
    call_id = await _done_call(db)
    assert await db.transcripts.replace_speakers(ALICE, call_id, ONE_VOICE, ONE_SPEAKER, "job-again-0123456789")
    assert [s.speaker for s in await db.transcripts.segments(ALICE, call_id)] == ["SPEAKER_00"]
    assert [(s.number, s.name) for s in await db.transcripts.speakers(ALICE, call_id)] == [(1, None)]  # "Ivan" is gone
    call = await db.calls.get(ALICE, call_id)
    assert call is not None and call.status is CallStatus.SUMMARIZING and call.delivered_at is None
    assert [d.job_id for d in await db.deletions.due(time.time())] == ["job-again-0123456789"]


async def test_a_busy_or_foreign_call_is_left_as_it_was(db: Database) -> None:
    call_id = await _done_call(db)
    assert not await db.transcripts.replace_speakers(BOB, call_id, ONE_VOICE, ONE_SPEAKER, "job-bob-0123456789ab")
    await db.calls.update(ALICE, call_id, status=CallStatus.SUMMARIZING)
    assert not await db.transcripts.replace_speakers(ALICE, call_id, ONE_VOICE, ONE_SPEAKER, "job-busy-0123456789a")
    assert len(await db.transcripts.speakers(ALICE, call_id)) == 2
    assert await db.deletions.all() == []


async def test_a_failed_write_changes_nothing(db: Database) -> None:
    call_id = await _done_call(db)
    twice = [*ONE_SPEAKER, *ONE_SPEAKER]  # the same label twice: the insert fails halfway through
    with pytest.raises(sqlite3.IntegrityError):
        await db.transcripts.replace_speakers(ALICE, call_id, ONE_VOICE, twice, "job-fail-0123456789a")
    assert [s.speaker for s in await db.transcripts.segments(ALICE, call_id)] == ["SPEAKER_00", "SPEAKER_01"]
    assert "Ivan" in [s.name for s in await db.transcripts.speakers(ALICE, call_id)]
    call = await db.calls.get(ALICE, call_id)
    assert call is not None and call.status is CallStatus.DONE and await db.deletions.all() == []


async def test_a_reserved_job_is_due_later_unless_made_due(db: Database) -> None:
    await db.deletions.reserve("job-reserved-01234567", due_in_s=3600)
    assert await db.deletions.due(time.time()) == []
    assert await db.deletions.due(time.time() + 3601) != []
    await db.deletions.add("job-reserved-01234567")
    (due,) = await db.deletions.due(time.time())
    assert due.job_id == "job-reserved-01234567" and due.settle_until == 0
