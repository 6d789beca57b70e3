"""``name_suggestions`` on a real SQLite file: only the owner's call is reached, and suggestions go with their call
and with its transcript when that is replaced."""

from __future__ import annotations

from pathlib import Path

from database import Database, SuggestedName
from tests.database.test_store import ALICE, BOB, SEGMENTS, SPEAKERS, new_call


async def test_suggestions_are_the_owners_and_go_with_the_transcript_and_the_call(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "bot.sqlite3")
    try:
        await db.users.upsert(ALICE, "en", "Alice")
        await db.users.upsert(BOB, "en", "Bob")
        call = await db.calls.create(new_call(ALICE))
        await db.transcripts.replace(ALICE, call.id, SEGMENTS, SPEAKERS)
        await db.names.replace(BOB, call.id, [("SPEAKER_00", "Mallory", 0.0)])  # not Bob's call: nothing kept
        await db.names.replace(
            ALICE, call.id, [("SPEAKER_00", "Maria", 0.0), ("SPEAKER_09", "Ghost", 1.0), ("SPEAKER_01", "David", 2.5)]
        )
        found = await db.names.list(ALICE, call.id)
        assert [(s.label, s.name, s.at) for s in found] == [("SPEAKER_00", "Maria", 0.0), ("SPEAKER_01", "David", 2.5)]
        maria = found[0]
        assert await db.names.get(ALICE, call.id, maria.id) == SuggestedName(
            maria.id, call.id, "SPEAKER_00", "Maria", 0.0
        )
        assert await db.names.get(BOB, call.id, maria.id) is None and await db.names.list(BOB, call.id) == []
        await db.names.remove(BOB, call.id, maria.id)
        assert len(await db.names.list(ALICE, call.id)) == 2  # Bob cannot remove Alice's either
        await db.names.remove(ALICE, call.id, maria.id)
        assert [s.name for s in await db.names.list(ALICE, call.id)] == ["David"]

        await db.transcripts.replace(ALICE, call.id, SEGMENTS, SPEAKERS)  # a new transcript clears them
        assert await db.names.list(ALICE, call.id) == []
        await db.names.replace(ALICE, call.id, [("SPEAKER_01", "David", 2.5)])
        assert await db.calls.delete(ALICE, call.id)
        async with db.conn.execute("SELECT COUNT(*) FROM name_suggestions") as cur:
            assert await cur.fetchone() == (0,)
    finally:
        await db.aclose()
