"""Run the real bot application in-process against the emulator, exactly as ``run_polling`` would."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.__main__ import ALLOWED_UPDATES, build_application
from bot.buttons.codec import encode
from bot.calls.buttons import PickCall
from bot.deletion.buttons import DeleteCall, DeleteCallConfirmed, Keep
from bot.shared.context import BotApplication
from bot.shared.settings import BotSettings
from database import Call, Database
from tests.fakes.bot_api import BotApiEmulator, BotMessage, TgUser


@asynccontextmanager
async def running_bot(settings: BotSettings) -> AsyncIterator[BotApplication]:
    application = build_application(settings)
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=1, allowed_updates=ALLOWED_UPDATES)
    await application.start()
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        assert application.post_shutdown is not None
        await application.post_shutdown(application)


async def delete_from_calls(emulator: BotApiEmulator, user: TgUser, call_id: int, title: str) -> BotMessage:
    """Delete a call as a user does: /calls → pick it → Delete → Confirm; returns the /calls listing message."""
    emulator.send_text(user, "/calls")
    listing = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)), None))
    emulator.press(user, listing, encode(PickCall(call_id)))
    actions = await emulator.wait_for(lambda: emulator.messages(user.id)[1:] and emulator.messages(user.id)[1])
    emulator.press(user, actions, encode(DeleteCall(call_id)))
    confirmed = encode(DeleteCallConfirmed(call_id))
    await emulator.wait_for(lambda: actions.buttons == [confirmed, encode(Keep())])
    emulator.press(user, actions, confirmed)
    await emulator.wait_for(lambda: actions.text == f"🗑 Deleted “{title}”.")
    return listing


async def the_only_call(path: Path, user_id: int) -> Call:
    """The one call ``user_id`` has in the bot's database at ``path``."""
    db = await Database.open(path)
    try:
        (call,) = await db.calls.list_for_user(user_id)
        return call
    finally:
        await db.aclose()
