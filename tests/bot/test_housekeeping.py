"""What the bot cleans up and keeps to itself: a killed run's temporary files, the CLI's calls, and its token,
which never reaches a log line although it is part of every Bot API URL and local file path."""

from __future__ import annotations

import io
import logging
import shutil
from dataclasses import replace
from pathlib import Path

from bot.app.log_redaction import REDACTED, configure_logging
from bot.recordings.originals import OriginalFiles
from database import CallOrigin, Database
from database.calls import NewCall
from tests.bot.conftest import make_settings
from tests.bot.harness import running_bot
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.fakes.serving import free_port


def dead_api() -> str:
    return f"http://127.0.0.1:{free_port()}"


async def test_stale_temporaries_of_a_killed_run_are_removed_at_start(tmp_path: Path, emulator: BotApiEmulator) -> None:
    work = tmp_path / "work"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "precious.ogg").write_bytes(b"not ours")
    for folder in ("download-k1l2/x", "audio-3f9a", "cli/audio-inner", "local-api"):
        (work / folder).mkdir(parents=True)
    (work / "download-k1l2" / "x" / "meeting.mp4").write_bytes(b"half a download")
    (work / "audio-3f9a" / "audio.ogg").write_bytes(b"half an extraction")
    for name in ("audio-stray.ogg", "keep.txt", "downloadable.txt", "cli/audio-inner/a.ogg"):
        (work / name).write_bytes(b"x")
    (work / "download-link").symlink_to(outside, target_is_directory=True)

    async with running_bot(make_settings(tmp_path, emulator, dead_api())):
        left = sorted(str(p.relative_to(work)) for p in work.rglob("*"))
    assert left == ["cli", "cli/audio-inner", "cli/audio-inner/a.ogg", "downloadable.txt", "keep.txt", "local-api"]
    assert (outside / "precious.ogg").read_bytes() == b"not ours"  # a link is removed, never followed


async def test_the_bot_never_resumes_a_call_of_the_cli(tmp_path: Path, emulator: BotApiEmulator) -> None:
    settings = make_settings(tmp_path, emulator, dead_api())
    db = await Database.open(settings.database_path)  # the CLI pointed at the bot's database
    try:
        await db.users.upsert(0, "en", "cli")
        new = NewCall(0, 0, "audio", "/recordings/a.ogg", "fp", "a.ogg", "audio/ogg", 10, origin=CallOrigin.CLI)
        await db.calls.create(new)
    finally:
        await db.aclose()
    async with running_bot(settings) as app:  # post_init has resumed whatever it resumes
        assert app.bot_data.runtime is not None and app.bot_data.runtime.calls.running() == []
    assert emulator.method_count("getFile") == 0 and emulator.sent == []


async def test_the_token_never_reaches_the_logs(tmp_path: Path, emulator: BotApiEmulator, recordings) -> None:  # type: ignore[no-untyped-def]
    """Verbose logs of a real run name every Bot API URL and the local file path, both containing the token."""
    token = emulator.token
    stored = tmp_path / "bot-api" / token / "voice" / "file_0.oga"  # the local Bot API server's layout
    stored.parent.mkdir(parents=True)
    shutil.copy(recordings["voice"], stored)
    user = TgUser(301)
    captured = io.StringIO()
    root, httpx_logger = logging.getLogger(), logging.getLogger("httpx")
    levels = root.level, httpx_logger.level
    handler = configure_logging([token], logging.DEBUG, logging.StreamHandler(captured))  # as python -m bot does
    httpx_logger.setLevel(logging.INFO)  # an operator chasing a problem turns on request logs too
    try:
        async with running_bot(make_settings(tmp_path, emulator, dead_api())):
            emulator.send_media(user, "voice", stored, mime="audio/ogg")
            await emulator.wait_for(lambda: any(m.text.startswith("⚠️") for m in emulator.messages(user.id)), timeout=30)
    finally:
        root.removeHandler(handler)
        root.setLevel(levels[0])
        httpx_logger.setLevel(levels[1])
    text = captured.getvalue()
    assert "HTTP Request: POST" in text and f"/bot{REDACTED}/getUpdates" in text
    assert f"{REDACTED}/voice/file_0.oga" in text  # the getFile answer was logged, with the token hidden
    assert token not in text and token.replace(":", "%3A") not in text


async def test_an_original_that_cannot_be_removed_never_fails_the_deletion(tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    db = await Database.open(tmp_path / "bot.sqlite3")
    try:
        await db.users.upsert(1, "en", "U")
        call = await db.calls.create(NewCall(1, 1, "voice", "f", "u", "v.ogg", "audio/ogg", 1))
        folder = tmp_path / "voice" / "file_1.oga"  # not a regular file
        folder.mkdir(parents=True)
        await db.calls.update(1, call.id, local_path=str(folder))
        stored = await db.calls.get(1, call.id)
    finally:
        await db.aclose()
    assert stored is not None
    originals = OriginalFiles(tmp_path)
    await originals.remove(stored)
    await originals.remove(replace(stored, local_path=str(tmp_path / "gone.oga")))  # already removed
    assert folder.is_dir() and "is not removed: not a regular file" in caplog.text
    outside = tmp_path.parent / f"{tmp_path.name}-elsewhere.oga"  # a regular file, but not the server's
    outside.write_bytes(b"OggS")
    try:
        await originals.remove(replace(stored, local_path=str(outside)))
        assert outside.exists() and "outside the files folder" in caplog.text
    finally:
        outside.unlink()
