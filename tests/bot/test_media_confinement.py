"""One user cannot make the bot read another user's recording.

The attacker sends, in every form the bot accepts (voice, audio, video, a document typed audio/* or video/*), a file
that makes a careless ffmpeg read a sibling file in the Bot API server's folder (ffconcat scripts, HLS playlists, an
image sequence) or a symlink planted in that folder. The bot's own extraction refuses the video forms, the service's
probe the audio forms, the files-folder check the symlinks: the attacker gets a clear refusal, no job is ever made, and
the victim's call is unaffected."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from bot.recordings.audio_copies import AudioCopies
from bot.recordings.media import extract_audio
from bot.shared.errors import MediaError, NotARecording
from bot.texts import EN
from database import CallStatus, Database
from database.calls import NewCall
from tests.bot.conftest import make_settings
from tests.bot.harness import running_bot
from tests.fakes.bot_api import SERVER_FOLDERS, BotApiEmulator, BotMessage, TgUser
from tests.speech import ffmpeg, synthesize
from tests.support.hostile_media import build_attacks, read_by_plain_ffmpeg
from tests.support.processes import ffmpeg_children, wait_for_ffmpeg_child
from tests.support.transcription_service import TranscriptionService

FORMS = [
    ("voice", "audio/ogg"),
    ("audio", "audio/mpeg"),
    ("video", "video/mp4"),
    ("document", "audio/ogg"),
    ("document", "video/mp4"),
]
SCRIPTS = [
    "ffconcat-sibling",
    "ffconcat-relative",
    "ffconcat-absolute",
    "hls-relative",
    "hls-absolute",
    "hls-file-url",
    "image-sequence",
]
SECRET = "The secret launch code is orange falcon. Do not share the orange falcon code."


@pytest.fixture(scope="module")
def secret_call(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The victim's recording: distinctive words nobody else may ever read."""
    root = tmp_path_factory.mktemp("victim")
    dialogue = synthesize([("alice", SECRET), ("bob", "Understood. Orange falcon stays between us.")], root / "s.wav")
    ffmpeg("-i", str(dialogue.path), "-c:a", "libopus", "-b:a", "24k", str(root / "secret.ogg"))
    return root / "secret.ogg"


@pytest.mark.parametrize("name", SCRIPTS)
async def test_the_bots_extraction_refuses_the_attack(tmp_path: Path, secret_call: Path, name: str) -> None:
    victim = tmp_path / "documents" / "file_0.ogg"
    victim.parent.mkdir()
    os.link(secret_call, victim)
    attack = build_attacks(victim.parent, victim)[name]
    assert (read_by_plain_ffmpeg(attack.path) > 0) == attack.leaks  # the control: unconfined ffmpeg follows it
    target = tmp_path / "audio.ogg"
    with pytest.raises(NotARecording):
        await extract_audio(attack.path, target, timeout_s=60)
    assert not target.exists() or target.stat().st_size == 0
    await extract_audio(victim, target, timeout_s=60)  # the real recording beside it still works
    assert target.stat().st_size > 1000


async def test_a_hung_extraction_is_killed_at_its_limit_or_on_cancel(tmp_path: Path) -> None:
    fifo = tmp_path / "file_3.mp4"
    os.mkfifo(fifo)  # ffmpeg blocks opening it: a hung decoder
    with pytest.raises(MediaError, match=r"took longer than 0\.5 s"):
        await extract_audio(fifo, tmp_path / "audio.ogg", timeout_s=0.5)
    assert ffmpeg_children() == []
    extraction = asyncio.create_task(extract_audio(fifo, tmp_path / "audio.ogg", timeout_s=600))
    pid = await wait_for_ffmpeg_child()
    extraction.cancel()  # what Cancel or a shutdown does to a running call
    with pytest.raises(asyncio.CancelledError):
        await extraction
    assert ffmpeg_children() == [] and not Path(f"/proc/{pid}").exists()


def plant_victim(emulator: BotApiEmulator, recording: Path) -> Path:
    """The victim's recording as the server keeps it: file_0.ogg in every folder, where siblings find it."""
    for kind in SERVER_FOLDERS:
        emulator.store(recording, kind)
    return emulator.server_folder("document") / "file_0.ogg"


def attack_file(emulator: BotApiEmulator, attack: str, kind: str, victim: Path, tmp_path: Path) -> Path:
    """The file the attacker's message carries; a link is planted where the server keeps files of ``kind``."""
    if attack == "symlink-to-victim":
        link = emulator.server_folder(kind) / "file_9.ogg"
        link.unlink(missing_ok=True)
        link.symlink_to(victim)
        return link
    if attack == "symlink-outside":
        link = emulator.server_folder(kind) / "file_8.ogg"
        link.unlink(missing_ok=True)
        link.symlink_to(tmp_path / "outside.ogg")
        return link
    return build_attacks(tmp_path / "attacker", victim)[attack].path


async def refusal(emulator: BotApiEmulator, user: TgUser, since: int) -> BotMessage:
    status = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)[since:]), None))
    await emulator.wait_for(lambda: status.text.startswith("❌"), timeout=30)
    return status


@pytest.mark.parametrize("attack", [*SCRIPTS, "symlink-to-victim", "symlink-outside"])
async def test_the_attack_is_refused_in_every_form(
    tmp_path: Path,
    emulator: BotApiEmulator,
    transcription_service: TranscriptionService,
    secret_call: Path,
    attack: str,
) -> None:
    victim = plant_victim(emulator, secret_call)
    os.link(secret_call, tmp_path / "outside.ogg")
    attacker = TgUser(941)
    expected = EN.error_file_refused if attack.startswith("symlink") else EN.error_not_recording
    async with running_bot(make_settings(tmp_path, emulator, transcription_service.url)):
        for kind, mime in FORMS:  # one after the other: each refused before the next is sent
            path = attack_file(emulator, attack, kind, victim, tmp_path)
            since = len(emulator.messages(attacker.id))
            emulator.send_media(attacker, kind, path, mime=mime, name=path.name)
            status = await refusal(emulator, attacker, since)
            assert status.text == f"❌ {expected}", (kind, mime, status.edits)
    sent = emulator.messages(attacker.id)
    assert len(sent) == len(FORMS) and all(m.document is None and m.photo is None for m in sent)
    await assert_no_job_was_made(tmp_path / "bot.sqlite3", attacker.id, len(FORMS))


async def test_the_reported_attack_end_to_end(
    tmp_path: Path, emulator: BotApiEmulator, transcription_service: TranscriptionService, secret_call: Path
) -> None:
    """User A sends a recording; user B sends 'file file_0.ogg' as a video/mp4 document, and an HLS playlist naming
    A's file as a video: B is refused, A gets the transcript."""
    victim_user, attacker = TgUser(951), TgUser(952)
    settings = make_settings(tmp_path, emulator, transcription_service.url)
    async with running_bot(settings):
        emulator.send_media(victim_user, "document", secret_call, mime="audio/ogg", name="board meeting.ogg")
        stored = emulator.server_folder("document") / "file_0.ogg"
        assert stored.samefile(secret_call)  # where the server keeps it: the name the attacker guesses
        attacks = build_attacks(tmp_path / "attacker", stored)
        emulator.send_media(attacker, "document", attacks["ffconcat-sibling"].path, mime="video/mp4", name="a.mp4")
        first = await refusal(emulator, attacker, 0)
        emulator.send_media(attacker, "video", attacks["hls-relative"].path, mime="video/mp4", name="b.m3u8")
        second = await refusal(emulator, attacker, 1)
        await emulator.wait_for(lambda: emulator.documents(victim_user.id), timeout=120)
    assert first.text == second.text == f"❌ {EN.error_not_recording}"
    assert [m.text for m in emulator.messages(attacker.id)] == [first.text, second.text]  # nothing else, ever
    (transcript,) = emulator.documents(victim_user.id)
    assert transcript.document is not None  # the victim's own call is unaffected:
    assert "falcon" in transcript.document.decode().lower()
    await assert_no_job_was_made(settings.database_path, attacker.id, 2)


async def assert_no_job_was_made(database: Path, user_id: int, count: int) -> None:
    db = await Database.open(database)
    try:
        calls = await db.calls.list_for_user(user_id)
    finally:
        await db.aclose()
    assert len(calls) == count
    assert all(call.status is CallStatus.FAILED and call.job_id is None for call in calls), calls


@pytest.mark.parametrize("name", SCRIPTS)
async def test_the_players_audio_copy_refuses_the_attack(tmp_path: Path, secret_call: Path, name: str) -> None:
    """The compact copy the Mini App streams is made by the same confined ffmpeg: an attack yields no copy."""
    victim = tmp_path / "documents" / "file_0.ogg"
    victim.parent.mkdir()
    os.link(secret_call, victim)
    attack = build_attacks(victim.parent, victim)[name]
    db = await Database.open(tmp_path / "bot.sqlite3")
    try:
        await db.users.upsert(7, "en", "Attacker")
        call = await db.calls.create(NewCall(7, 7, "document", "f", "u", attack.path.name, "audio/ogg", 100))
        copies = AudioCopies(db, tmp_path / "audio", 86400.0, 60.0)
        await copies.keep(call, attack.path)
        assert await db.audio.get(7, call.id) is None and not list((tmp_path / "audio").iterdir())
        await copies.keep(call, victim)  # the real recording is copied
        assert (await db.audio.get(7, call.id)) is not None
    finally:
        await db.aclose()
