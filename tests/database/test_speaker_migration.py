"""A database written by the release that stored speaker names as display text ("Speaker 2", "Спикер 2",
"Ivan 🔊"; fixtures/make_release_db.py made it), in English and in Russian, opened by today's code: every speaker
is shown as before, voice marks and name suggestions are intact, and "❌ not Ivan" offers the heard name again.
The migration is one transaction: a failure leaves the release's database as it was."""

from __future__ import annotations

import sqlite3
from dataclasses import astuple
from pathlib import Path

import pytest

import database.migrations
from bot.shared.speaker_names import SpeakerNames, speaker_name
from bot.speakers.names.finder import offers
from bot.texts import texts_for
from database import Database, NamedBy
from database.schema_steps import MIGRATIONS

RELEASE = Path(__file__).parent / "fixtures" / "release_speakers.sql"
USERS = {1: "en", 2: "ru"}


def release_db(tmp_path: Path) -> Path:
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(RELEASE.read_text(encoding="utf-8"))
    return path


def stored(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


async def shown(db: Database, user_id: int, call_id: int) -> dict[str, str]:
    """The call's speakers as the user sees them, in the user's language."""
    word = texts_for(USERS[user_id]).speaker
    return dict(SpeakerNames.of_speakers(await db.transcripts.speakers(user_id, call_id), word).by_label)


async def test_every_speaker_is_shown_as_the_release_stored_it_in_both_languages(tmp_path: Path) -> None:
    path = release_db(tmp_path)
    before = stored(path, "SELECT c.user_id, call_id, label, sp.name FROM speakers sp JOIN calls c ON c.id = call_id")
    summaries = stored(path, "SELECT call_id, content FROM summaries ORDER BY call_id")
    assert {name for *_, name in before} >= {"Speaker 2", "Спикер 2", "Ivan 🔊", "Ivan", "Oleg"}  # what it covers
    db = await Database.open(path)
    try:
        assert await db.schema_versions() == list(range(1, len(MIGRATIONS) + 1))
        for user_id, call_id in {(u, c) for u, c, *_ in before}:
            assert await shown(db, user_id, call_id) == {label: name for u, c, label, name in before if c == call_id}
        speakers = [s for u, c in {(u, c) for u, c, *_ in before} for s in await db.transcripts.speakers(u, c)]
        by_voice = {(s.name, s.named_by) for s in speakers if s.named_by is NamedBy.VOICE}
        assert by_voice == {("Ivan", NamedBy.VOICE)}  # the mark is rendered, never stored
        assert {s.named_by for s in speakers if s.name is None} == {None}
        assert {s.named_by for s in speakers if s.name in ("Oleg",)} == {NamedBy.USER}
        unnamed = [s for s in speakers if s.name is None]
        assert unnamed and all(s.number in (1, 2, 3, 4) for s in unnamed)
        assert [(s.call_id, s.content) for s in [await db.summaries.get(1, 1), await db.summaries.get(2, 4)] if s] == [
            tuple(row) for row in summaries
        ]
    finally:
        await db.aclose()


@pytest.mark.parametrize("user_id", list(USERS))
async def test_suggestions_are_intact_and_not_ivan_offers_the_heard_name_again(tmp_path: Path, user_id: int) -> None:
    path = release_db(tmp_path)
    before = stored(
        path,
        "SELECT n.id, n.call_id, n.label, n.name, n.at FROM name_suggestions n"
        f" JOIN calls c ON c.id = n.call_id WHERE c.user_id = {user_id} ORDER BY n.id",
    )
    db = await Database.open(path)
    try:
        texts = texts_for(USERS[user_id])
        calls = sorted({call_id for _, call_id, *_ in before})
        kept = [astuple(s) for c in calls for s in await db.names.list(user_id, c)]
        assert sorted(kept) == sorted(tuple(row) for row in before)
        first, second = [await db.calls.get(user_id, c) for c in calls]
        assert first is not None and second is not None
        offered = [(speaker_name(o.speaker, texts.speaker), o.suggestion.name) for o in await offers(db, first)]
        assert offered == [(f"{texts.speaker} 2", "Maria")]
        # the second speaker of the second call is "Ivan 🔊": Maria, heard for them, waits for the answer
        assert [o.suggestion.name for o in await offers(db, second)] == ["Anna"]
        (question,) = [v for v in await db.voices.speakers(user_id, second.id) if v.match == "voice"]
        assert question.number == 2 and question.person_name == "Ivan"
        assert await db.voices.answer(user_id, second.id, question.label, question.person_id or 0, yes=False)
        offered = [(speaker_name(o.speaker, texts.speaker), o.suggestion.name) for o in await offers(db, second)]
        assert offered == [(f"{texts.speaker} 2", "Maria"), (f"{texts.speaker} 3", "Anna")]
    finally:
        await db.aclose()


async def test_opening_again_changes_nothing(tmp_path: Path) -> None:
    path = release_db(tmp_path)
    await (await Database.open(path)).aclose()
    migrated = stored(path, "SELECT * FROM speakers ORDER BY id")
    db = await Database.open(path)
    try:
        assert await db.schema_versions() == list(range(1, len(MIGRATIONS) + 1))
    finally:
        await db.aclose()
    assert stored(path, "SELECT * FROM speakers ORDER BY id") == migrated


async def test_a_failing_migration_leaves_the_release_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = release_db(tmp_path)
    before = stored(path, "SELECT * FROM speakers ORDER BY id"), stored(path, "SELECT * FROM speaker_voices")
    step = [name for name, _ in MIGRATIONS].index("speakers_by_number")  # later steps wait behind it
    name, script = MIGRATIONS[step]
    broken = (*MIGRATIONS[:step], (name, script + "\nINSERT INTO no_such_table VALUES (1);"))
    monkeypatch.setattr(database.migrations, "MIGRATIONS", broken)
    with pytest.raises(sqlite3.OperationalError):
        await Database.open(path)
    assert (stored(path, "SELECT * FROM speakers ORDER BY id"), stored(path, "SELECT * FROM speaker_voices")) == before
    assert stored(path, "SELECT MAX(version) FROM schema_migrations") == [(step,)]
    monkeypatch.undo()
    db = await Database.open(path)  # the real step then applies
    try:
        assert await shown(db, 2, 4) == {label: name for _, c, label, name, _ in before[0] if c == 4}
    finally:
        await db.aclose()


async def test_a_copied_call_whose_speakers_were_stored_out_of_order_gets_distinct_numbers(tmp_path: Path) -> None:
    """Reusing an earlier call's transcript stored its speakers by talk time: the order is no number then."""
    path = release_db(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO calls SELECT 7, user_id, chat_id, status, source_kind, file_id, file_unique_id,"
            " file_name, mime_type, file_size, local_path, job_id, status_message_id, language, duration,"
            " error, created_at, updated_at, finished_at, delivered_at, title, message_id, origin,"
            " summary_message_ids, transcription_options FROM calls WHERE id = 1"
        )
        conn.executemany(
            "INSERT INTO speakers(call_id, label, name, talk_seconds) VALUES (7, ?, ?, ?)",
            [("SPEAKER_01", "Speaker 2", 9.0), ("SPEAKER_00", "Ivan", 8.0), ("SPEAKER_02", "Olga", 1.0)],
        )
    db = await Database.open(path)
    try:
        speakers = await db.transcripts.speakers(1, 7)
        assert len({s.number for s in speakers}) == 3
        assert await shown(db, 1, 7) == {"SPEAKER_01": "Speaker 2", "SPEAKER_00": "Ivan", "SPEAKER_02": "Olga"}
    finally:
        await db.aclose()
