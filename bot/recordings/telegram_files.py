"""Recordings from Telegram: read in place from the local Bot API server's files folder, or downloaded from the
cloud Bot API into a temporary file.

In local mode ``getFile`` answers an absolute path, and the bot opens whatever that path is. So it opens only a
regular file inside ``BOT_TELEGRAM_FILES_DIR`` reached without any symlink below that folder; anything else is refused
before a byte is read. In cloud mode it never opens a local path at all: the file is fetched over HTTP.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import stat
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path, PurePath

from telegram import Bot, File
from telegram.error import TelegramError

from bot.shared.errors import LocalFileRefused, LocalFileUnavailable, MediaError
from database import Call

log = logging.getLogger(__name__)
_SAFE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")


def confine(server_path: str, root: Path) -> Path:
    """The real path of ``server_path`` if it is a readable regular file inside ``root`` reached without a symlink
    below ``root`` (``root`` itself may be one); otherwise LocalFileRefused / LocalFileUnavailable."""
    path = Path(server_path)
    if not path.is_absolute():
        raise LocalFileUnavailable("the Bot API server answered a relative path: is it running with --local?")
    if ".." in path.parts:
        raise LocalFileRefused("the path climbs out with '..'")
    relative = _relative_to_root(path, root)
    if not os.path.lexists(path):
        raise LocalFileUnavailable(f"the path does not exist here: is the server's --dir mounted at {root}?")
    real = path.resolve()
    if real != root.resolve() / relative:
        raise LocalFileRefused("the path goes through a symbolic link")
    try:
        mode = real.stat().st_mode
    except OSError as exc:
        raise LocalFileUnavailable(f"the file cannot be examined: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise LocalFileRefused("not a regular file")
    if not os.access(real, os.R_OK):
        raise LocalFileUnavailable("the file is not readable by the bot (group membership, volume permissions)")
    return real


def _relative_to_root(path: Path, root: Path) -> PurePath:
    for base in (Path(os.path.abspath(root)), root.resolve()):  # the server may name the folder either way
        if path.is_relative_to(base):
            return path.relative_to(base)
    raise LocalFileRefused(f"outside the files folder {root} (BOT_TELEGRAM_FILES_DIR)")


class TelegramFiles:
    """``files_dir`` is the local Bot API server's folder in local mode, ``None`` for the cloud Bot API."""

    def __init__(self, bot: Bot, work_dir: Path, files_dir: Path | None) -> None:
        self._bot = bot
        self._work_dir = work_dir
        self._files_dir = files_dir

    @asynccontextmanager
    async def open(self, call: Call) -> AsyncIterator[Path]:
        try:
            file = await self._bot.get_file(call.file_id)
        except TelegramError as exc:
            raise MediaError(exc.message) from exc
        server_path = self._server_path(file.file_path or "")
        if self._files_dir is None:
            async with self._download(file, server_path) as path:
                yield path
            return
        try:
            local = await asyncio.to_thread(confine, server_path, self._files_dir)
        except MediaError as exc:
            log.warning("call %s: local file %s refused: %s", call.id, self._shown(server_path), exc)
            raise
        yield local  # read in place: no copy, no second download

    def _server_path(self, file_path: str) -> str:
        """What the server answered: PTB prefixes the file URL to any path it cannot find on this disk."""
        prefix = f"{self._bot.base_file_url}/"
        return file_path.removeprefix(prefix)

    def _shown(self, server_path: str) -> str:
        return server_path.replace(self._bot.token, "<token>")  # the token is part of local-mode paths

    @asynccontextmanager
    async def _download(self, file: File, server_path: str) -> AsyncIterator[Path]:
        """Cloud mode: fetch over HTTP, even where PTB took the path for a local file."""
        remote = File(file.file_id, file.file_unique_id, file.file_size, f"{self._bot.base_file_url}/{server_path}")
        remote.set_bot(self._bot)
        suffix = Path(server_path).suffix
        self._work_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self._work_dir, prefix="download-") as tmp:
            target = Path(tmp) / f"recording{suffix if _SAFE_SUFFIX.fullmatch(suffix) else ''}"
            try:
                await remote.download_to_drive(target)
            except TelegramError as exc:
                raise MediaError(exc.message) from exc
            yield target
