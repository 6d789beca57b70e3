"""Recordings from Telegram: read in place from a local Bot API server, or downloaded to a temporary file."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from telegram import Bot
from telegram.error import TelegramError

from bot.errors import MediaError
from database import Call


class TelegramFiles:
    def __init__(self, bot: Bot, work_dir: Path) -> None:
        self._bot = bot
        self._work_dir = work_dir

    @asynccontextmanager
    async def open(self, call: Call) -> AsyncIterator[Path]:
        try:
            file = await self._bot.get_file(call.file_id)
        except TelegramError as exc:
            raise MediaError(exc.message) from exc
        local = Path(file.file_path or "")
        if file.file_path and local.is_absolute() and local.is_file():
            yield local  # local Bot API server: the file is already on this disk; no copy, no second download
            return
        self._work_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self._work_dir, prefix="download-") as tmp:
            target = Path(tmp) / Path(call.file_name or "recording").name
            try:
                await file.download_to_drive(target)
            except TelegramError as exc:
                raise MediaError(exc.message) from exc
            yield target
