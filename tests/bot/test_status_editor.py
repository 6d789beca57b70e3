"""Status edits through a real PTB Bot against the emulator: coalesced, and held back during acknowledgements."""

from __future__ import annotations

from pathlib import Path

from telegram import Bot

from bot.pipeline.status_editor import StatusEditor
from database import Database
from database.calls import NewCall
from tests.fakes.bot_api import BotApiEmulator
from tests.support.waiting import eventually


async def test_edits_wait_for_acks_and_only_the_latest_text_is_drawn(tmp_path: Path, emulator: BotApiEmulator) -> None:
    db = await Database.open(tmp_path / "bot.sqlite3")
    bot = Bot(emulator.token, base_url=emulator.base_url)
    await bot.initialize()
    editor = StatusEditor(bot, db, edits_per_second=50)
    try:
        await db.users.upsert(7, "en", "U")
        call = await db.calls.create(NewCall(7, 7, "voice", "f", "u", "v.ogg", "audio/ogg", 10))
        status = await bot.send_message(7, "📥 Received")
        await db.calls.update(7, call.id, status_message_id=status.message_id)
        with editor.acknowledging():
            for text in ("⏳ In the queue", "🎙 Transcribing 10%", "🎙 Transcribing 20%"):
                editor.submit(call, text, None)
            await eventually(lambda: editor.holding_edits, "the editor to hold its edit behind the acknowledgement")
            assert emulator.method_count("editMessageText") == 0  # acknowledgements go first
        (message,) = emulator.messages(7)
        await emulator.wait_for(lambda: message.text == "🎙 Transcribing 20%")
        assert message.edits == ["📥 Received", "🎙 Transcribing 20%"]  # superseded stages were never drawn

        emulator.sent.clear()  # the status message is gone: a new one is sent and remembered
        editor.submit(call, "📝 Summarizing…", None)
        await emulator.wait_for(lambda: emulator.messages(7))
        (replacement,) = emulator.messages(7)
        assert replacement.text == "📝 Summarizing…"

        async def replacement_saved() -> bool:  # the id is saved right after the send
            saved = await db.calls.get(7, call.id)
            return saved is not None and saved.status_message_id == replacement.message_id

        await eventually(replacement_saved, "the new status message's id to be saved on the call")
    finally:
        await editor.aclose()
        await bot.shutdown()
        await db.aclose()
