"""Run the real bot application in-process against the emulator, exactly as ``run_polling`` would."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.__main__ import build_application
from bot.context import BotApplication
from bot.settings import BotSettings


@asynccontextmanager
async def running_bot(settings: BotSettings) -> AsyncIterator[BotApplication]:
    application = build_application(settings)
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    await application.start()
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        assert application.post_shutdown is not None
        await application.post_shutdown(application)
