"""A Telegram Bot API emulator over HTTP that unmodified python-telegram-bot talks to.

Tests play users: they push updates (voice notes, videos, documents, button presses) and read back exactly
what the bot sent, edited and answered. ``local_mode`` mimics ``telegram-bot-api --local --dir=<files_dir>``: a file a
user sends is kept as ``<files_dir>/<token>/<folder>/file_N.ext`` (a hard link: no copy, no disk) and ``getFile``
answers that absolute path. Otherwise files are served under ``/file/bot<token>/`` like the cloud API.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import os
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from tests.fakes.bot_api_methods import BotApiMethods
from tests.fakes.bot_api_types import BOT_USER, BotMessage, StoredFile, TgUser, error
from tests.fakes.serving import InLoopServer

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


class BotApiEmulator(BotApiMethods):
    def __init__(
        self, token: str = "123456:TEST-TOKEN", local_mode: bool = True, files_dir: Path | None = None
    ) -> None:
        if local_mode and files_dir is None:
            raise ValueError("local mode needs files_dir: the server's --dir")
        self.token = token
        self.local_mode = local_mode
        self.files_dir = Path(os.path.abspath(files_dir)) if files_dir else None
        self._stored: dict[str, itertools.count[int]] = defaultdict(itertools.count)  # file_N per folder
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.downloads: list[str] = []  # file paths fetched over HTTP (cloud mode)
        self.sent: list[BotMessage] = []
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.reactions: list[tuple[int, int, list[str]]] = []  # (chat, message, emoji) the bot set
        self.commands: list[dict[str, Any]] = []
        self.commands_by_language: dict[str, list[dict[str, Any]]] = {}
        self._updates: list[dict[str, Any]] = []
        self._pushed: dict[int, dict[str, Any]] = {}
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._files: dict[str, StoredFile] = {}
        self._changed = asyncio.Condition()
        self._server: InLoopServer | None = None
        self.pending_since: dict[int, float] = {}

    # ---- lifecycle ---------------------------------------------------------------------------------------
    async def start(self, port: int | None = None) -> None:
        app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._dispatch, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self._download, methods=["GET"]),
            ]
        )
        self._server = InLoopServer(app, port)
        await self._server.start()

    async def stop(self) -> None:
        if self._server:
            await self._server.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"{self._server.url}/bot"

    @property
    def file_url(self) -> str:
        assert self._server is not None
        return f"{self._server.url}/file/bot"

    # ---- user actions ------------------------------------------------------------------------------------
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

    def _push(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        self._pushed[update_id] = {kind: payload}
        self._updates.append({"update_id": update_id, kind: payload})
        self.pending_since[update_id] = time.monotonic()
        self._notify()
        return update_id

    def _message(self, user: TgUser, **content: Any) -> dict[str, Any]:
        message_id = next(self._message_ids)
        chat = {"id": user.id, "type": "private", "first_name": user.first_name}
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": user.as_dict(),
            **content,
        }

    def send_text(self, user: TgUser, text: str) -> int:
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}] if text[:1] == "/" else []
        return self._push("message", self._message(user, text=text, entities=entities))

    def send_media(
        self,
        user: TgUser,
        kind: str,
        path: Path,
        *,
        mime: str | None = None,
        name: str | None = None,
        size: int | None = None,
        duration: int = 5,
        as_is: bool = False,
        caption: str | None = None,
    ) -> int:
        """Send ``path`` as ``voice``/``audio``/``video``/``video_note``/``document`` (with ``caption``)."""
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
        extra = {"caption": caption} if caption is not None else {}
        return self._push("message", self._message(user, **{kind: media}, **extra))

    def pushed_message(self, update_id: int) -> dict[str, Any]:
        """The message of an update the test pushed (its ``message_id`` is what the bot reacts to)."""
        return dict(self._pushed[update_id]["message"])

    def deliver_again(self, update_id: int) -> int:
        """Telegram delivers an update's message once more (as after a bot that died before confirming it)."""
        ((kind, payload),) = self._pushed[update_id].items()
        return self._push(kind, payload)

    def press(self, user: TgUser, message: BotMessage, data: str) -> str:
        query_id = f"cq-{next(self._update_ids)}"
        chat = {"id": message.chat_id, "type": "private"}
        msg = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            "text": message.text or "",
        }
        if message.reply_markup:  # Telegram sends the pressed message with its keyboard
            msg["reply_markup"] = message.reply_markup
        self._push(
            "callback_query",
            {"id": query_id, "from": user.as_dict(), "chat_instance": "ci", "message": msg, "data": data},
        )
        return query_id

    # ---- observations ------------------------------------------------------------------------------------
    def messages(self, chat_id: int) -> list[BotMessage]:
        return [m for m in self.sent if m.chat_id == chat_id]

    def documents(self, chat_id: int) -> list[BotMessage]:
        return [m for m in self.messages(chat_id) if m.document is not None]

    def method_count(self, method: str) -> int:
        return sum(1 for name, _ in self.calls if name == method)

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 30.0, what: str = "the bot") -> Any:
        """Wait until ``predicate()`` is truthy (re-checked on every bot API call); return its value. The failure
        names ``what`` was awaited and lists what the bot sent."""
        async with self._changed:
            try:
                return await asyncio.wait_for(self._changed.wait_for(predicate), timeout)
            except TimeoutError:
                sent = [(m.text, m.edits) for m in self.sent]
                raise AssertionError(f"timed out after {timeout:g} s waiting for {what}; bot sent: {sent}") from None

    def _notify(self) -> None:
        async def notify() -> None:
            async with self._changed:
                self._changed.notify_all()

        asyncio.get_running_loop().create_task(notify())

    # ---- HTTP side ---------------------------------------------------------------------------------------
    async def _params(self, request: Request) -> dict[str, Any]:
        if request.headers.get("content-type", "").startswith("application/json"):
            return dict(await request.json())
        form = await request.form()
        params: dict[str, Any] = {}
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                params[key] = (value.filename, await value.read())
            else:
                params[key] = value
        return params

    async def _dispatch(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return error(401, "Unauthorized")
        method = request.path_params["method"]
        params = await self._params(request)
        self.calls.append((method, params))
        handler = getattr(self, f"_m_{method.lower()}", None)
        if handler is None:
            return error(404, f"Not Found: method {method} not found")
        try:
            response = await handler(params)
        finally:
            self._notify()
        return response

    async def _download(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return error(401, "Unauthorized")
        self.downloads.append(request.path_params["path"])
        stored = self._files.get(request.path_params["path"])
        return FileResponse(stored.path) if stored else error(404, "Not Found")

    def _next_message_id(self) -> int:
        return next(self._message_ids)
