"""What the bot accepts and refuses before any transcription happens (the API here is unreachable)."""

from __future__ import annotations

from pathlib import Path

from database import CallStatus, Database
from tests.bot.conftest import make_settings
from tests.bot.harness import running_bot
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.fakes.serving import free_port

GB = 1024**3


def dead_api() -> str:
    return f"http://127.0.0.1:{free_port()}"


async def calls_of(path: Path, user_id: int) -> list:
    db = await Database.open(path)
    try:
        return await db.calls.list_for_user(user_id)
    finally:
        await db.aclose()


async def test_unsupported_and_oversized_files_get_clear_replies(
    tmp_path: Path, emulator: BotApiEmulator, recordings: dict[str, Path]
) -> None:
    user, ru_user = TgUser(201), TgUser(202, language_code="ru")
    settings = make_settings(tmp_path, emulator, dead_api())
    async with running_bot(settings):
        emulator.send_text(user, "/start")
        emulator.send_media(user, "document", recordings["pdf"], mime="application/pdf", name="notes.pdf")
        emulator.send_text(user, "hello")
        emulator.send_media(user, "voice", recordings["voice"], mime="audio/ogg", size=3 * GB)
        emulator.send_media(ru_user, "document", recordings["pdf"], mime="application/pdf", name="notes.pdf")
        await emulator.wait_for(lambda: len(emulator.messages(user.id)) == 4 and emulator.messages(ru_user.id))
    replies = sorted(m.text or "" for m in emulator.messages(user.id))  # concurrent updates: any order
    pdf, start, huge, text = replies
    assert start.startswith("Send me a call recording")
    assert pdf.startswith("I can't process this")
    assert text == "You have no transcribed calls yet. Send me a recording first."  # text is a question
    assert huge == "This file is 3.0 GB; the limit is 2.0 GB. Send a shorter or compressed recording."
    assert (emulator.messages(ru_user.id)[0].text or "").startswith("Это я обработать не могу")
    assert emulator.method_count("getFile") == 0
    assert await calls_of(settings.database_path, user.id) == []  # nothing half-created
    names = [
        "calls",
        "summary",
        "speakers",
        "people",
        "transcript",
        "picture",
        "stats",
        "search",
        "ask",
        "share",
        "shared",
        "delete",
        "template",
        "options",
        "language",
        "help",
    ]
    assert [c["command"] for c in emulator.commands] == names
    assert [c["command"] for c in emulator.commands_by_language["ru"]] == names
    assert emulator.commands_by_language["ru"][0]["description"].startswith("Ваши звонки")


async def test_cloud_bot_api_explains_the_20_mb_limit(tmp_path: Path, recordings: dict[str, Path]) -> None:
    emulator = BotApiEmulator(local_mode=False)
    await emulator.start()
    try:
        user = TgUser(203)
        async with running_bot(make_settings(tmp_path, emulator, dead_api())):
            emulator.send_media(user, "audio", recordings["wav"], mime="audio/wav", name="a.wav", size=25 * 2**20)
            await emulator.wait_for(lambda: emulator.messages(user.id))
        (reply,) = emulator.messages(user.id)
        assert reply.text.startswith("This file is 25.0 MB. Bots on Telegram's cloud API can only download files")
        assert "local Bot API server" in reply.text
    finally:
        await emulator.stop()


async def test_strangers_are_refused_and_foreign_call_ids_too(
    tmp_path: Path, emulator: BotApiEmulator, recordings: dict[str, Path]
) -> None:
    alice, bob, stranger = TgUser(301), TgUser(302), TgUser(303, language_code="ru")
    settings = make_settings(tmp_path, emulator, dead_api(), allowed_user_ids=frozenset({alice.id, bob.id}))
    async with running_bot(settings):
        emulator.send_media(stranger, "voice", recordings["voice"], mime="audio/ogg")
        emulator.send_media(alice, "voice", recordings["voice"], mime="audio/ogg")
        status = await emulator.wait_for(
            lambda: next((m for m in emulator.messages(alice.id) if m.text.startswith("⚠️")), None)
        )
        assert "not reachable" in status.text and status.buttons  # API down: told, still cancellable
        (cancel_data,) = status.buttons
        stolen = emulator.press(bob, status, cancel_data)
        await emulator.wait_for(lambda: stolen in emulator.callback_answers)
        (call,) = await calls_of(settings.database_path, alice.id)
        assert call.status is CallStatus.RECEIVED  # still waiting for the API, untouched by Bob
        forged = emulator.press(stranger, status, cancel_data)
        await emulator.wait_for(lambda: forged in emulator.callback_answers)
        own = emulator.press(alice, status, cancel_data)
        await emulator.wait_for(lambda: own in emulator.callback_answers)
        await emulator.wait_for(lambda: status.text == "🚫 Cancelled.")
    assert emulator.callback_answers[stolen] == {"text": "This is not your call.", "show_alert": True}
    assert emulator.callback_answers[forged] == {"text": "Извините, это закрытый бот.", "show_alert": True}
    assert emulator.callback_answers[own]["text"] == "Cancelled."
    assert [m.text for m in emulator.messages(stranger.id)] == ["Извините, это закрытый бот."]
    assert await calls_of(settings.database_path, stranger.id) == []
    (call,) = await calls_of(settings.database_path, alice.id)
    assert call.status is CallStatus.CANCELLED and status.buttons == []


async def test_video_without_sound_fails_clearly_and_leaves_no_files(
    tmp_path: Path, emulator: BotApiEmulator, recordings: dict[str, Path]
) -> None:
    user = TgUser(204)
    settings = make_settings(tmp_path, emulator, dead_api())
    async with running_bot(settings):
        emulator.send_media(user, "video", recordings["silent_video"], mime="video/mp4")
        await emulator.wait_for(lambda: emulator.messages(user.id) and emulator.messages(user.id)[0].text[0] == "❌")
    (status,) = emulator.messages(user.id)
    assert status.text.startswith("❌ I could not read the audio of this file: ")
    assert status.buttons == []
    (call,) = await calls_of(settings.database_path, user.id)
    assert call.status is CallStatus.FAILED and call.job_id is None
    assert list((tmp_path / "work").rglob("*")) == []
