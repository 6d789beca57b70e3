""""Delete all my data" leaves nothing behind: not in the SQLite file or its WAL (words or their stems), not on the
transcription service (also when it is down at that moment), not in the temporary folder."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.texts import EN
from database import Database
from database.search_terms import stem
from tests.bot.conftest import make_settings
from tests.bot.harness import running_bot
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.fakes.gate_proxy import GateProxy
from tests.fakes.llm_server import FakeLLM
from tests.fakes.sentence_model import MODEL_NAME
from tests.support.transcription_service import TranscriptionService

# words of the synthesized call (tests/support/media.py) that nothing but a transcript would put in the database
CALL_WORDS = {"decided", "release", "friday", "hosting", "alice", "report", "monday", "budget", "answer", "thanks"}


async def until(check: Callable[[], Awaitable[bool]], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        await asyncio.sleep(0.2)


async def on_the_service(emulator: BotApiEmulator, user: TgUser, index: int) -> None:
    """Wait until the user's ``index``-th status message says the job is queued or transcribing."""
    await emulator.wait_for(
        lambda: len(statuses := [m for m in emulator.messages(user.id) if m.edits and m.edits[0][0] == "📥"]) > index
        and statuses[index].text.startswith(("⏳", "🎙")),
        timeout=60,
    )


async def delete_all_my_data(emulator: BotApiEmulator, user: TgUser) -> None:
    since = len(emulator.messages(user.id))
    emulator.send_text(user, "/delete")
    offer = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)[since:]), None))
    emulator.press(user, offer, "delall:0")
    await emulator.wait_for(lambda: "delallok:0" in offer.buttons)
    emulator.press(user, offer, "delallok:0")
    await emulator.wait_for(lambda: offer.text == EN.deleted_all, timeout=60)


async def stored(path: Path, user_id: int) -> tuple[list[str], list[str]]:
    """The user's job ids and every pending deletion, read through a connection of its own."""
    db = await Database.open(path)
    try:
        jobs = [c.job_id for c in await db.calls.list_for_user(user_id) if c.job_id]
        return jobs, [p.job_id for p in await db.deletions.all()]
    finally:
        await db.close()


async def gone(service: TranscriptionService, job: str) -> bool:
    return await asyncio.to_thread(service.job_status, job) == 404


async def nothing_left(path: Path, user_id: int) -> bool:
    return await stored(path, user_id) == ([], [])


def traces(path: Path, words: set[str]) -> set[str]:
    """The words, or their stems (as the search index keeps them), found in the database file or its WAL."""
    data = b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists()).lower()
    return {form for word in words for form in (word, stem(word)) if form.encode() in data}


async def test_delete_all_my_data_leaves_no_trace(
    tmp_path: Path, emulator: BotApiEmulator, transcription_service: TranscriptionService,
    recordings: dict[str, Path], semantic_llm: FakeLLM,
) -> None:  # fmt: skip
    user = TgUser(511)
    video = emulator.store(recordings["video"], "video")  # where the local Bot API server keeps its files
    voice = emulator.store(recordings["long_voice"], "voice")
    settings = make_settings(tmp_path, emulator, transcription_service.url, delete_originals=True,
                             llm_base_url=semantic_llm.base_url, embedding_model=MODEL_NAME)  # fmt: skip
    async with running_bot(settings):
        emulator.send_media(user, "video", video, mime="video/mp4")  # its audio is extracted
        (document,) = await emulator.wait_for(lambda: emulator.documents(user.id), timeout=90)
        for question in ("Who pays for the hosting?", "/ask when is the release?"):  # conversations are kept
            count = len(emulator.messages(user.id))
            emulator.send_text(user, question)
            await emulator.wait_for(lambda count=count: len(emulator.messages(user.id)) > count)
        emulator.send_media(user, "voice", voice, mime="audio/ogg", duration=75)
        await on_the_service(emulator, user, 1)  # the second call is still at work when the user deletes
        jobs, _ = await stored(settings.database_path, user.id)
        words = {w.strip(".,?!").lower() for w in document.document.decode().split()} & CALL_WORDS
        assert len(words) >= 4 and traces(settings.database_path, words), words  # the scan can see them
        vectors = await derived_rows(settings.database_path)
        assert vectors and all(raw_traces(settings.database_path, vectors)), "the scan can see the vectors"

        await delete_all_my_data(emulator, user)
        assert traces(settings.database_path, words) == set()  # while the bot still runs: file and WAL
        assert not any(raw_traces(settings.database_path, vectors))  # embeddings are gone too
        assert await derived_rows(settings.database_path) == []
        assert list((tmp_path / "work").rglob("*")) == []
        assert not video.exists() and not voice.exists()  # BOT_DELETE_ORIGINALS: the server's copies too
        assert len(jobs) == 2
        for job in jobs:
            await until(lambda job=job: gone(transcription_service, job), f"job {job} is gone from the service")
        await until(lambda: nothing_left(settings.database_path, user.id), "no deletion is pending")


async def derived_rows(path: Path) -> list[bytes]:
    """Embedding vectors of the stored calls, after checking that notes and conversations exist exactly as long."""
    db = await Database.open(path)
    try:
        async with db.conn.execute("SELECT vector FROM segment_vectors") as cur:
            vectors = [row[0] for row in await cur.fetchall()]
        for table in ("chat_messages", "ask_messages"):
            async with db.conn.execute(f"SELECT COUNT(*) FROM {table}") as cur:
                assert ((await cur.fetchone())[0] > 0) == bool(vectors), table
        return vectors
    finally:
        await db.close()


def raw_traces(path: Path, blobs: list[bytes]) -> list[bool]:
    """For each vector: whether its bytes are found in the database file or its WAL."""
    data = b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    return [blob in data for blob in blobs]


async def test_a_deletion_the_service_misses_is_made_when_it_is_back(
    tmp_path: Path, emulator: BotApiEmulator, transcription_service: TranscriptionService,
    recordings: dict[str, Path],
) -> None:  # fmt: skip
    user = TgUser(512)
    voice = emulator.store(recordings["long_voice"], "voice")
    link = GateProxy(transcription_service.url)  # the bot reaches the service through it
    await link.start()
    settings = make_settings(tmp_path, emulator, link.url)
    try:
        async with running_bot(settings):
            emulator.send_media(user, "voice", voice, mime="audio/ogg", duration=75)
            await on_the_service(emulator, user, 0)
            (job,), _ = await stored(settings.database_path, user.id)
            await link.stop()  # the service is unreachable now
            await delete_all_my_data(emulator, user)
            assert await stored(settings.database_path, user.id) == ([], [job])  # owed to the service
            assert not await gone(transcription_service, job)
            await link.start()  # it is back
            await until(lambda: gone(transcription_service, job), "the job is deleted on the service")
            await until(lambda: nothing_left(settings.database_path, user.id), "no deletion is pending")
    finally:
        await link.stop()
    assert voice.exists()  # by default the Bot API server's files are left alone (its volume is read-only)
