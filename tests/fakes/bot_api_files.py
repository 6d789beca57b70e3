"""Files users send through the Bot API emulator: kept as ``telegram-bot-api --local`` keeps them, or served."""

from __future__ import annotations

import hashlib
import itertools
import os
from pathlib import Path
from typing import Any, TypedDict

from tests.fakes.bot_api_types import StoredFile

# The folders telegram-bot-api keeps each kind of file in, under <dir>/<token>/.
SERVER_FOLDERS = {
    "voice": "voice",
    "audio": "music",
    "video": "videos",
    "video_note": "video_notes",
    "document": "documents",
}


def content_id(path: Path, size: int) -> str:
    """Stands in for Telegram's file_unique_id: the size and the first and last MiB (a 1 GB file is not read)."""
    digest = hashlib.sha1(str(size).encode())
    with path.open("rb") as handle:
        digest.update(handle.read(2**20))
        handle.seek(max(0, size - 2**20))
        digest.update(handle.read(2**20))
    return digest.hexdigest()[:16]


class MediaOptions(TypedDict, total=False):
    """What a user's client reports about a file it sends (see ``ServerFiles._media``)."""

    mime: str | None
    name: str | None
    size: int | None  # what Telegram reports, whatever the file's real size
    duration: int
    as_is: bool  # getFile answers the path itself (see ``register_file``)


class ServerFiles:
    """Mixin: the file registry lives on the emulator (``_files``, ``_stored``)."""

    token: str
    local_mode: bool
    files_dir: Path | None
    _stored: dict[str, itertools.count[int]]
    _files: dict[str, StoredFile]

    def server_folder(self, kind: str = "document") -> Path:
        """Local mode: the folder the server keeps files of ``kind`` in (created on first use)."""
        assert self.files_dir is not None, "local mode only"
        folder = self.files_dir / self.token / SERVER_FOLDERS[kind]
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def store(self, path: Path, kind: str = "document") -> Path:
        """Local mode: keep ``path`` as the server does, ``file_N.ext`` in its folder; a path already in the
        server's directory (a planted link, say) is kept as it is."""
        assert self.files_dir is not None, "local mode only"
        if Path(os.path.abspath(path)).is_relative_to(self.files_dir):
            return Path(os.path.abspath(path))
        folder = self.server_folder(kind)
        target = folder / f"file_{next(self._stored[folder.name])}{path.suffix}"
        os.link(path, target)  # tests keep their files on one file system
        return target

    def register_file(
        self, path: Path, size: int | None = None, kind: str = "document", as_is: bool = False
    ) -> tuple[str, str, int]:
        """A file_id for ``path``; the unique id follows the content, as Telegram's does. ``as_is``: getFile
        answers ``path`` itself wherever it is (a misbehaving or misconfigured server)."""
        if self.local_mode and not as_is:
            path = self.store(path, kind)
        real_size = size if size is not None else path.stat().st_size
        unique = content_id(path, path.stat().st_size)
        file_id = f"file-{len(self._files) + 1}-{unique}"
        self._files[file_id] = StoredFile(path, unique, real_size)
        return file_id, unique, real_size

    def _media(
        self,
        kind: str,
        path: Path,
        *,
        mime: str | None = None,
        name: str | None = None,
        size: int | None = None,
        duration: int = 5,
        as_is: bool = False,
    ) -> dict[str, Any]:
        file_id, unique, real_size = self.register_file(path, size, kind, as_is)
        media: dict[str, Any] = {"file_id": file_id, "file_unique_id": unique, "file_size": real_size}
        if kind in ("voice", "audio", "video", "video_note"):
            media["duration"] = duration
        if kind == "video_note":
            media["length"] = 240
        if kind == "video":
            media.update(width=320, height=240)
        if mime:
            media["mime_type"] = mime
        if name:
            media["file_name"] = name
        return media
