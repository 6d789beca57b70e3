""" "Delete all my data" leaves nothing behind: not in the SQLite file or its WAL (words or their stems), not on the
transcription service (also when it is down at that moment), not in the temporary folder, not among the audio
copies the Mini App streams (which also go with one deleted call, and after their retention period)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bot.buttons.codec import decode, encode
from bot.deletion.buttons import DeleteAll, DeleteAllConfirmed
from bot.recordings.audio_copies import AudioCopies
from bot.shared.settings import BotSettings
from bot.speakers.buttons import RenameSpeaker
from bot.texts import EN
from database import Database
from database.search_terms import stem
from tests.bot.conftest import make_settings
from tests.bot.conversation_support import StoredCall, dead_api, seed
from tests.bot.harness import delete_from_calls, running_bot
from tests.bot.miniapp_support import get, keep_audio, local_base, miniapp_settings
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.fakes.gate_proxy import GateProxy
from tests.fakes.llm_server import FakeLLM
from tests.fakes.sentence_model import MODEL_NAME
from tests.fakes.telegram_webapp import init_data
from tests.support.transcription_service import TranscriptionService
from tests.support.waiting import eventually

# words of the synthesized call (tests/support/media.py) that nothing but a transcript would put in the database
PERSON = "Zebediah"  # a name nothing but a voice profile (and the speaker it names) would put in the database
CALL_WORDS = {"decided", "release", "friday", "hosting", "alice", "report", "monday", "budget", "answer", "thanks"}


async def on_the_service(emulator: BotApiEmulator, user: TgUser, index: int) -> None:
    """Wait until the user's ``index``-th status message says the job is queued or transcribing."""
    await emulator.wait_for(
        lambda: (
            len(statuses := [m for m in emulator.messages(user.id) if m.edits and m.edits[0][0] == "📥"]) > index
            and statuses[index].text.startswith(("⏳", "🎙"))
        ),
        timeout=60,
    )


async def delete_all_my_data(emulator: BotApiEmulator, user: TgUser) -> None:
    since = len(emulator.messages(user.id))
    emulator.send_text(user, "/delete")
    offer = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)[since:]), None))
    emulator.press(user, offer, encode(DeleteAll()))
    await emulator.wait_for(lambda: encode(DeleteAllConfirmed()) in offer.buttons)
    emulator.press(user, offer, encode(DeleteAllConfirmed()))
    await emulator.wait_for(lambda: offer.text == EN.deleted_all, timeout=60)


async def stored(path: Path, user_id: int) -> tuple[list[str], list[str]]:
    """The user's job ids and every pending deletion, read through a connection of its own."""
    db = await Database.open(path)
    try:
        jobs = [c.job_id for c in await db.calls.list_for_user(user_id) if c.job_id]
        return jobs, [p.job_id for p in await db.deletions.all()]
    finally:
        await db.aclose()


async def gone(service: TranscriptionService, job: str) -> bool:
    return await asyncio.to_thread(service.job_status, job) == 404


async def nothing_left(path: Path, user_id: int) -> bool:
    return await stored(path, user_id) == ([], [])


def traces(path: Path, words: set[str]) -> set[str]:
    """The words, or their stems (as the search index keeps them), found in the database file or its WAL."""
    data = b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists()).lower()
    return {form for word in words for form in (word, stem(word)) if form.encode() in data}


async def test_delete_all_my_data_leaves_no_trace(
    tmp_path: Path,
    emulator: BotApiEmulator,
    transcription_service: TranscriptionService,
    recordings: dict[str, Path],
    semantic_llm: FakeLLM,
) -> None:
    user = TgUser(511)
    video = emulator.store(recordings["video"], "video")  # where the local Bot API server keeps its files
    voice = emulator.store(recordings["long_voice"], "voice")
    settings = miniapp_settings(
        tmp_path,
        emulator,
        transcription_service.url,
        delete_originals=True,
        llm_base_url=semantic_llm.base_url,
        embedding_model=MODEL_NAME,
    )
    async with running_bot(settings):
        emulator.send_media(user, "video", video, mime="video/mp4")  # its audio is extracted
        (document,) = await emulator.wait_for(lambda: emulator.documents(user.id), timeout=90)
        await name_a_speaker(emulator, user, PERSON)  # a voice profile (biometric data) is kept
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
        prints = [fragments(p) for p in await voice_prints(settings.database_path)]
        assert len(prints) >= 3 and all(any(raw_traces(settings.database_path, f)) for f in prints), "seen"
        assert traces(settings.database_path, {PERSON.lower()}) != set()
        copies = [f"{c}.webm" for c in await call_ids(settings)]  # both calls, the one still at work too
        assert len(copies) == 2 and sorted(p.name for p in settings.audio_folder.iterdir()) == copies

        await delete_all_my_data(emulator, user)
        assert traces(settings.database_path, words) == set()  # while the bot still runs: file and WAL
        assert not any(raw_traces(settings.database_path, vectors))  # embeddings are gone too
        assert not any(any(raw_traces(settings.database_path, f)) for f in prints)  # voice prints and profiles
        assert traces(settings.database_path, {PERSON.lower()}) == set()
        assert await voice_prints(settings.database_path) == []
        assert await derived_rows(settings.database_path) == []
        assert list((tmp_path / "work").rglob("*")) == []
        assert list(settings.audio_folder.iterdir()) == []  # the Mini App's audio copies
        assert not video.exists() and not voice.exists()  # BOT_DELETE_ORIGINALS: the server's copies too
        assert len(jobs) == 2
        for job in jobs:
            await eventually(
                lambda job=job: gone(transcription_service, job), f"job {job} is gone from the service", timeout=60
            )
        await eventually(lambda: nothing_left(settings.database_path, user.id), "no deletion is pending", timeout=60)


async def name_a_speaker(emulator: BotApiEmulator, user: TgUser, name: str) -> None:
    """Name the first speaker of the active call in /speakers (the voice profile of ``name`` learns the voice)."""
    since = len(emulator.messages(user.id))
    emulator.send_text(user, "/speakers")
    card = await emulator.wait_for(lambda: next((m for m in emulator.messages(user.id)[since:] if m.buttons), None))
    rename = next(data for data in card.buttons if isinstance(decode(data), RenameSpeaker))  # not a name heard
    emulator.press(user, card, rename)
    await emulator.wait_for(lambda: (emulator.messages(user.id)[-1].text or "").startswith("Send the new name"))
    reactions = len(emulator.reactions)
    emulator.send_text(user, name)
    await emulator.wait_for(lambda: len(emulator.reactions) > reactions)


async def voice_prints(path: Path) -> list[bytes]:
    """Every voice print stored: the calls' speakers and the people's profiles."""
    db = await Database.open(path)
    try:
        query = "SELECT vector FROM speaker_voices UNION ALL SELECT vector FROM person_voices"
        async with db.conn.execute(query) as cur:
            return [row[0] for row in await cur.fetchall()]
    finally:
        await db.aclose()


def fragments(vector: bytes) -> list[bytes]:
    """Pieces of a stored voice print to look for in the raw files: 4 floats, none of them zero (a 1 KB print
    spans database pages, and many of its numbers are exact zeros, found anywhere)."""
    pieces = [vector[i : i + 16] for i in range(0, len(vector) - 15, 16)]
    return [p for p in pieces if all(p[k : k + 4] != bytes(4) for k in range(0, 16, 4))]


async def call_ids(settings: BotSettings) -> list[int]:
    """The calls that have an audio copy."""
    db = await Database.open(settings.database_path)
    try:
        async with db.conn.execute("SELECT call_id FROM call_audio ORDER BY call_id") as cur:
            return [row[0] for row in await cur.fetchall()]
    finally:
        await db.aclose()


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
        await db.aclose()


def raw_traces(path: Path, blobs: list[bytes]) -> list[bool]:
    """For each vector: whether its bytes are found in the database file or its WAL."""
    data = b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    return [blob in data for blob in blobs]


async def test_a_deletion_the_service_misses_is_made_when_it_is_back(
    tmp_path: Path,
    emulator: BotApiEmulator,
    transcription_service: TranscriptionService,
    recordings: dict[str, Path],
) -> None:
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
            await eventually(lambda: gone(transcription_service, job), "the job is deleted on the service", timeout=60)
            await eventually(
                lambda: nothing_left(settings.database_path, user.id), "no deletion is pending", timeout=60
            )
    finally:
        await link.stop()
    assert voice.exists()  # by default the Bot API server's files are left alone (its volume is read-only)


async def test_a_deleted_calls_audio_copy_goes_with_it_and_old_copies_expire(
    tmp_path: Path, emulator: BotApiEmulator, recordings: dict[str, Path]
) -> None:
    user = TgUser(513)
    settings = miniapp_settings(tmp_path, emulator, dead_api(), audio_retention_days=2)
    lines = [("SPEAKER_00", "The budget is approved."), ("SPEAKER_01", "Then we ship on Friday.")]
    gone, kept = await seed(settings.database_path, user.id, [StoredCall("Gone", lines), StoredCall("Kept", lines)])
    gone_file = await keep_audio(settings, user.id, gone, recordings["wav"])
    kept_file = await keep_audio(settings, user.id, kept, recordings["wav"])
    leftovers = [settings.audio_folder / "999.webm", settings.audio_folder / f"{kept}.webm.part"]  # a killed run's
    for leftover in leftovers:
        leftover.write_bytes(b"partial")
    (settings.audio_folder / "notes.txt").write_text("not ours")
    base, init = local_base(settings), init_data(emulator.token, user.id)
    async with running_bot(settings):
        await eventually(lambda: _none_exist(leftovers), "the leftovers are swept at start", timeout=60)
        link = (await get(base, f"api/calls/{gone}", init)).json()["audio"]
        await delete_from_calls(emulator, user, gone, "Gone")
        assert not gone_file.exists() and kept_file.exists()
        assert (await get(base, link)).status_code == 404  # its link still signed, the audio gone
        assert (await get(base, f"api/calls/{gone}", init)).status_code == 404
    assert (settings.audio_folder / "notes.txt").exists()  # only the bot's own names are ever removed
    db = await Database.open(settings.database_path)
    try:
        copies = AudioCopies(db, settings.audio_folder, retention_s=2 * 86400, ffmpeg_timeout_s=60)
        assert await copies.purge(now=time.time() + 86400) == 0
        assert await copies.purge(now=time.time() + 2 * 86400 + 60) == 1
        assert not kept_file.exists() and await db.audio.get(user.id, kept) is None
    finally:
        await db.aclose()


async def _none_exist(paths: list[Path]) -> bool:
    return not any(p.exists() for p in paths)
