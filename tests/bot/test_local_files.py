"""Local mode: recordings are read in place, only from inside the Bot API server's files folder, never through a
symlink; a large file is neither refused nor copied; a path this disk lacks gets a clear message."""

from __future__ import annotations

import os
import resource
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.recordings.telegram_files import confine
from bot.shared.errors import LocalFileRefused, LocalFileUnavailable
from bot.texts import EN, RU
from database import CallStatus, Database
from tests.bot.conftest import make_settings
from tests.bot.harness import running_bot
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.fakes.serving import free_port

GB = 1024**3


def dead_api() -> str:
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def server_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "bot-api" / "TOKEN" / "documents"
    folder.mkdir(parents=True)
    (folder / "file_0.ogg").write_bytes(b"OggS recording")
    return tmp_path / "bot-api"


def test_a_regular_file_inside_the_folder_is_read_where_it_is(server_dir: Path) -> None:
    path = server_dir / "TOKEN" / "documents" / "file_0.ogg"
    assert confine(str(path), server_dir) == path


def test_the_folder_itself_may_be_reached_through_a_symlink(server_dir: Path, tmp_path: Path) -> None:
    mounted = tmp_path / "mounted"
    mounted.symlink_to(server_dir)
    answered = mounted / "TOKEN" / "documents" / "file_0.ogg"
    assert confine(str(answered), mounted) == server_dir / "TOKEN" / "documents" / "file_0.ogg"
    assert confine(str(server_dir / "TOKEN" / "documents" / "file_0.ogg"), mounted).is_file()  # answered resolved


@pytest.mark.parametrize(
    ("plant", "why"),
    [
        ("link-to-sibling", "symbolic link"),
        ("link-to-outside", "symbolic link"),
        ("linked-folder", "symbolic link"),
        ("dangling-link", "symbolic link"),
        ("fifo", "not a regular file"),
        ("folder", "not a regular file"),
        ("dot-dot", "'..'"),
        ("outside", "outside the files folder"),
    ],
)
def test_anything_but_a_plain_file_inside_is_refused(server_dir: Path, tmp_path: Path, plant: str, why: str) -> None:
    documents = server_dir / "TOKEN" / "documents"
    secret = tmp_path / "secret.ogg"
    secret.write_bytes(b"OggS someone else's")
    path = documents / "file_1.ogg"
    if plant == "link-to-sibling":
        path.symlink_to(documents / "file_0.ogg")
    elif plant == "link-to-outside":
        path.symlink_to(secret)
    elif plant == "linked-folder":
        (server_dir / "TOKEN" / "videos").symlink_to(tmp_path)
        path = server_dir / "TOKEN" / "videos" / "secret.ogg"
    elif plant == "dangling-link":
        path.symlink_to(tmp_path / "gone.ogg")
    elif plant == "fifo":
        os.mkfifo(path)  # would hang the decoder
    elif plant == "folder":
        path.mkdir()
    elif plant == "dot-dot":
        path = documents / ".." / ".." / ".." / "secret.ogg"
    else:
        path = secret
    with pytest.raises(LocalFileRefused, match=why):
        confine(str(path), server_dir)


def test_a_missing_or_relative_path_is_the_operators_configuration(server_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(LocalFileUnavailable, match="is the server's --dir mounted"):
        confine(str(server_dir / "TOKEN" / "voice" / "file_0.oga"), server_dir)
    with pytest.raises(LocalFileUnavailable, match="is the server's --dir mounted"):
        confine(str(tmp_path / "unmounted" / "TOKEN" / "voice" / "file_0.oga"), tmp_path / "unmounted")
    with pytest.raises(LocalFileUnavailable, match="relative path"):
        confine("documents/file_0.ogg", server_dir)


@contextmanager
def no_file_may_grow_past(limit: int) -> Iterator[None]:
    """Until the block ends, no file anywhere (any file system: /tmp, /dev/shm, the work folder...) can be written
    past ``limit`` bytes by this process or a child it starts (RLIMIT_FSIZE: the write fails with EFBIG; a child
    such as ffmpeg or cp is stopped by SIGXFSZ). A copy of a bigger recording cannot be made, wherever it would go."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


async def test_a_large_local_file_is_accepted_and_read_in_place_never_copied(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    big = tmp_path / "all-hands.ogg"
    with big.open("wb") as handle:
        handle.truncate(GB)  # sparse: a gigabyte that costs no disk, unless someone copies it
    user = TgUser(231)
    settings = make_settings(tmp_path, emulator, dead_api())
    with no_file_may_grow_past(64 * 2**20):  # the database and logs fit; a copy of the gigabyte fails anywhere
        async with running_bot(settings):
            emulator.send_media(user, "document", big, mime="audio/ogg", name="all-hands.ogg")
            status = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)), None))
            # ⚠️ comes after the upload was tried: the bot holds the recording open for it right now
            await emulator.wait_for(lambda: status.text.startswith("⚠️"), timeout=30)
    assert "not reachable right now" in (status.text or "")  # no step failed on a copy it could not make
    assert status.edits[0].startswith("📥 Received")  # over 20 MB, accepted: local mode has no 20 MB limit
    assert emulator.method_count("getFile") == 1 and emulator.downloads == []
    assert big.stat().st_blocks * 512 < 2**20  # still sparse: nothing wrote its gigabyte
    db = await Database.open(settings.database_path)
    try:
        (call,) = await db.calls.list_for_user(user.id)
    finally:
        await db.aclose()
    assert call.local_path and os.path.samefile(call.local_path, big)  # what was sent is the file itself


async def test_a_local_path_missing_on_the_bots_disk_gets_a_clear_message(
    tmp_path: Path, emulator: BotApiEmulator, recordings: dict[str, Path]
) -> None:
    user = TgUser(232, language_code="ru")
    settings = make_settings(tmp_path, emulator, dead_api())
    async with running_bot(settings):
        emulator.send_media(user, "voice", recordings["voice"], mime="audio/ogg")
        assert emulator.files_dir is not None
        emulator.files_dir.rename(tmp_path / "not-mounted")  # the server has it; this disk does not
        status = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)), None))
        await emulator.wait_for(lambda: status.text.startswith("❌"), timeout=30)
    assert status.text == "❌ " + RU.error_file_unavailable and status.buttons == []
    await assert_failed_without_a_job(settings.database_path, user.id)


async def test_a_path_outside_the_files_folder_is_refused(
    tmp_path: Path, emulator: BotApiEmulator, recordings: dict[str, Path]
) -> None:
    user = TgUser(233)
    settings = make_settings(tmp_path, emulator, dead_api())
    async with running_bot(settings):
        emulator.send_media(user, "voice", recordings["voice"], mime="audio/ogg", as_is=True)
        status = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)), None))
        await emulator.wait_for(lambda: status.text.startswith("❌"), timeout=30)
    assert status.text == "❌ " + EN.error_file_refused
    await assert_failed_without_a_job(settings.database_path, user.id)


async def assert_failed_without_a_job(database: Path, user_id: int) -> None:
    db = await Database.open(database)
    try:
        (call,) = await db.calls.list_for_user(user_id)
    finally:
        await db.aclose()
    assert call.status is CallStatus.FAILED and call.job_id is None
