"""What keeps calls from being lost, duplicated or left behind, on real SQLite files: one call per Telegram
message, CLI calls kept apart, service jobs queued for deletion with the change that frees them, and deletions
that leave none of the text in the database files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from database import CallOrigin, CallStatus, Database, Segment, Speaker, Word
from database.calls import NewCall
from database.migrations import MIGRATIONS
from database.search_terms import stem

ALICE, BOB = 1, 2
SECRET_WORDS = ("zanzibarian", "quixotically", "hippopotamuses", "marshmallowing")


def new_call(user_id: int, unique: str, **extra: object) -> NewCall:
    return NewCall(user_id, user_id, "voice", f"file-{unique}", unique, "v.ogg", "audio/ogg", 1, **extra)  # type: ignore[arg-type]


@pytest.fixture
async def db(tmp_path: Path):
    database = await Database.open(tmp_path / "bot.sqlite3")
    for user in (ALICE, BOB, 0):
        await database.users.upsert(user, "en", "U")
    yield database
    await database.aclose()


async def pending(db: Database) -> dict[str, float]:
    return {p.job_id: p.settle_until for p in await db.deletions.all()}


async def test_a_telegram_message_makes_at_most_one_call(db: Database) -> None:
    first = await db.calls.create_once(new_call(ALICE, "a", message_id=55))
    assert first is not None and first.message_id == 55 and first.origin == CallOrigin.TELEGRAM
    assert await db.calls.create_once(new_call(ALICE, "a", message_id=55)) is None  # the same update again
    assert await db.calls.create_once(new_call(BOB, "a", message_id=55)) is not None  # another chat's message 55
    assert await db.calls.create_once(new_call(ALICE, "b")) is not None  # no message (CLI): never a conflict
    assert await db.calls.create_once(new_call(ALICE, "b")) is not None
    assert len(await db.calls.list_for_user(ALICE)) == 3


async def test_the_bot_never_resumes_a_cli_call(db: Database) -> None:
    telegram = await db.calls.create(new_call(ALICE, "t", message_id=1))
    cli = await db.calls.create(new_call(0, "c", origin=CallOrigin.CLI))
    assert [c.id for c in await db.calls.list_unfinished()] == [telegram.id]
    assert [c.id for c in await db.calls.list_unfinished(CallOrigin.CLI)] == [cli.id]


async def test_calls_of_the_cli_from_before_the_migration_are_marked(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    durable = next(i for i, (name, _) in enumerate(MIGRATIONS) if name == "durable_calls")
    with sqlite3.connect(path) as raw:
        raw.create_function("stem_text", 1, lambda text: text)
        raw.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at REAL)")
        for version, (name, script) in enumerate(MIGRATIONS[:durable], start=1):
            raw.executescript(script)
            raw.execute("INSERT INTO schema_migrations VALUES (?, ?, 0)", (version, name))
        raw.execute("INSERT INTO users(id, created_at, updated_at) VALUES (0, 0, 0), (5, 0, 0)")
        for user in (0, 5):
            raw.execute(
                "INSERT INTO calls(user_id, chat_id, status, source_kind, file_id, file_unique_id, created_at,"
                " updated_at) VALUES (?, ?, 'received', 'audio', 'f', 'u', 0, 0)",
                (user, user),
            )
    db = await Database.open(path)
    try:
        assert [c.user_id for c in await db.calls.list_unfinished()] == [5]
        assert len(await db.install_secret("user_tag_salt")) == 64
    finally:
        await db.aclose()


async def test_jobs_are_queued_for_deletion_with_the_change_that_frees_them(db: Database) -> None:
    done = await db.calls.create(new_call(ALICE, "done"))
    await db.calls.update(ALICE, done.id, status=CallStatus.TRANSCRIBING, job_id="job-done")
    await db.calls.mark_transcribed(ALICE, done.id, "en", 12.0)
    assert (await db.calls.get(ALICE, done.id)).status is CallStatus.SUMMARIZING
    assert await pending(db) == {"job-done": 0.0}

    uploading = await db.calls.create(new_call(ALICE, "up"))
    await db.calls.update(ALICE, uploading.id, job_id="job-uploading")  # id saved, upload not confirmed
    queued = await db.calls.create(new_call(ALICE, "q"))
    await db.calls.update(ALICE, queued.id, status=CallStatus.QUEUED, job_id="job-queued")
    bobs = await db.calls.create(new_call(BOB, "b"))
    await db.calls.update(BOB, bobs.id, status=CallStatus.QUEUED, job_id="job-bob")
    assert await db.calls.delete_all(ALICE, settle_s=300) == 3
    jobs = await pending(db)
    assert set(jobs) == {"job-done", "job-uploading", "job-queued"}  # never Bob's
    assert jobs["job-uploading"] > 0 and jobs["job-queued"] == 0  # only a maybe-landing upload must settle

    await db.deletions.postpone("job-queued", 1e12, "down")
    assert [p.job_id for p in await db.deletions.due(2e9)] == ["job-done", "job-uploading"]
    await db.deletions.done("job-done")
    assert set(await pending(db)) == {"job-uploading", "job-queued"}


async def test_deleted_text_leaves_no_trace_in_the_database_files(db: Database, tmp_path: Path) -> None:
    """Neither the words nor their stems (kept by the search index) survive a deletion, in the file or its WAL."""
    calls = []
    for n in range(12):
        call = await db.calls.create(new_call(ALICE, f"u{n}"))
        text = " ".join(SECRET_WORDS) if n == 5 else f"plain ordinary words number {n} " * 4
        segments = [Segment(i, i + 1, f"{text} {i}", "S0", (Word(text.split()[0], i, i + 1, "S0"),)) for i in range(30)]
        await db.transcripts.replace(ALICE, call.id, segments, [Speaker("S0", 1, 30)])
        await db.summaries.save(ALICE, call.id, "llm", "en", f'{{"overview": "{text}"}}')
        calls.append(call)
    await db.chat.add(ALICE, calls[5].id, "user", "Why zanzibarian?")
    await db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the words are in the main file now
    assert scan(tmp_path / "bot.sqlite3") != set()

    async with db.conn.execute("PRAGMA secure_delete") as cur:  # (many SQLite builds already default to it)
        assert (await cur.fetchone())[0] == 1
    assert await db.calls.delete(ALICE, calls[5].id)
    assert await db.scrub()
    assert scan(tmp_path / "bot.sqlite3") == set()
    assert [h.text for h in await db.search.segments(ALICE, [stem("ordinary")], limit=1)]  # the rest still found


def scan(path: Path) -> set[str]:
    """Every secret word, or stem of one, present in the bytes of the database file or its WAL."""
    data = b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists()).lower()
    forms = {form for word in SECRET_WORDS for form in (word, stem(word))}
    return {form for form in forms if form.encode() in data}
