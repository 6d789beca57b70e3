"""The Mini App in tests: the bot's settings with it on, audio copies made the bot's way, and requests as the
page makes them (initData in the ``Authorization: tma`` header)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from bot.recordings.audio_copies import AudioCopies
from bot.shared.settings import BotSettings
from database import Database
from tests.bot.conftest import make_settings
from tests.fakes.bot_api import BotApiEmulator
from tests.fakes.serving import free_port
from tests.fakes.telegram_webapp import launch_hash

APP_URL = "https://calls.example.test/app/"  # where Telegram would open it (the reverse proxy)


def miniapp_settings(tmp_path: Path, emulator: BotApiEmulator, api_url: str, **overrides: Any) -> BotSettings:
    values: dict[str, Any] = {"miniapp_url": APP_URL, "miniapp_port": free_port()}  # audio copies: beside the database
    return make_settings(tmp_path, emulator, api_url, **{**values, **overrides})


def local_base(settings: BotSettings) -> str:
    """The bot's Mini App server itself (what the reverse proxy forwards to)."""
    return f"http://127.0.0.1:{settings.miniapp_port}/"


def page_url(settings: BotSettings, call_id: int, init: str, theme: dict[str, str] | None = None) -> str:
    return f"{local_base(settings)}?call={call_id}{launch_hash(init, theme)}"


def tma(init: str) -> dict[str, str]:
    return {"Authorization": f"tma {init}"}


async def keep_audio(settings: BotSettings, user_id: int, call_id: int, recording: Path) -> Path:
    """Make the call's audio copy as the pipeline does (through a connection of its own); return its file."""
    db = await Database.open(settings.database_path)
    try:
        call = await db.calls.get(user_id, call_id)
        assert call is not None
        copies = AudioCopies(db, settings.audio_folder, 86400.0, 60.0)
        await copies.keep(call, recording)
        copy = await db.audio.get(user_id, call_id)
        assert copy is not None, "no audio copy was made"
        return settings.audio_folder / copy.file_name
    finally:
        await db.aclose()


async def get(base: str, path: str, init: str | None = None, **headers: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        return await http.get(path, headers={**(tma(init) if init is not None else {}), **headers})
