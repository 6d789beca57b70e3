"""A Telegram Bot API emulator over HTTP that unmodified python-telegram-bot talks to.

Tests play users: they push updates (voice notes, videos, documents, button presses) and read back exactly
what the bot sent, edited and answered. ``local_mode`` mimics ``telegram-bot-api --local --dir=<files_dir>``: a file a
user sends is kept as ``<files_dir>/<token>/<folder>/file_N.ext`` (a hard link: no copy, no disk) and ``getFile``
answers that absolute path. Otherwise files are served under ``/file/bot<token>/`` like the cloud API.

Private chats: ``send_text(user, text)``, ``send_media(user, kind, path)``, ``press(user, message, data)``;
``messages(chat_id)`` and ``documents(chat_id)`` read what the bot sent.

Groups (:mod:`tests.fakes.bot_api_groups`; the delivery rules in :mod:`tests.fakes.bot_api_chats`):
- ``create_group(title, creator, members, supergroup=, forum=)`` → chat id; ``create_topic(chat, name, by)`` → the
  topic's ``message_thread_id``; ``chat(chat_id)`` → its :class:`Chat` (members, statuses, topics);
  ``upgrade_to_supergroup(chat, by)`` → the new id (the old one answers 400 with ``migrate_to_chat_id``).
- ``add_member``/``remove_member(chat, user, by=, kicked=)`` post ``new_chat_members``/``left_chat_member`` and emit
  ``chat_member``; ``set_member_status(chat, user, status, by=)`` promotes, restricts, bans. ``add_bot(chat, by,
  admin=)``, ``remove_bot``, ``set_bot_status`` emit ``my_chat_member``; the bot's ``leaveChat`` does too.
- ``post_text``/``post_command(chat, user, "transcribe", to_bot=)``/``post_mention``/``post_media(chat, user, kind,
  path, forward_origin=origin_user(u))`` (or ``origin_hidden_user``, ``origin_chat``, ``origin_channel``), each
  with ``thread=`` and ``reply_to=`` (a message id); they return :class:`Posted` (``message_id``, ``delivered``).
  Commands and mentions carry entities; a message in a topic carries ``message_thread_id``, ``is_topic_message``
  and, when it replies to nothing, the topic's creation message as ``reply_to_message``, as Telegram's do.
  ``press`` works on group messages (``message.chat`` is the group).
- ``privacy_mode`` (default on, as for a new bot; set it before the bot starts: getMe reports it as
  ``can_read_all_group_messages``; a plain mention does not pass it, a reply to the bot does): an update Telegram
  would not deliver lands in ``withheld`` as ``(kind, payload, reason)``. ``allowed_updates`` is what the bot last
  asked for in getUpdates (None: the default set, without ``chat_member``); it filters updates as they are
  created, as Telegram does; updates created before the bot's first poll wait for that poll's choice (Telegram
  would apply the one of the bot's previous run). A bot polling with ``allowed_updates=[MESSAGE, CALLBACK_QUERY]``
  gets no ``my_chat_member``, as on Telegram.
- The bot's sendMessage/sendDocument/sendPhoto honour ``chat_id`` (403 when the bot is not in the group, 400 for an
  unknown chat), ``message_thread_id`` (400 for a missing topic, or anywhere but a forum) and ``reply_parameters``
  (400 for a missing message unless ``allow_sending_without_reply``); edits, deletions and reactions are refused
  where the bot is not a member, Web App buttons anywhere but a private chat (``BUTTON_TYPE_INVALID``).
  :class:`BotMessage` keeps ``chat_id``, ``thread_id``, ``reply_to`` and ``reply_parameters``;
  ``sent_to(chat, thread=)`` and ``replies_to(chat, message_id)`` read them back.
- getChat, getChatMember (creator/administrator/member/restricted/left/kicked), getChatAdministrators (no other
  bots) answer from the chat's state.
- ``limit_group_messages(count=20, per_seconds=60)``: past ``count`` messages to one group in the window the bot
  gets 429 with ``retry_after`` (logged in ``rate_limited``); ``clock`` may be replaced to move time. Off by default.
- Mini Apps opened from a group's direct link: ``tests.fakes.telegram_webapp.init_data(..., start_param=,
  chat_type=)`` signs the ``initData`` such a launch carries.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, Unpack

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from tests.fakes.bot_api_chat_methods import ChatMethods
from tests.fakes.bot_api_chats import Chat, origin_channel, origin_chat, origin_hidden_user, origin_user
from tests.fakes.bot_api_files import SERVER_FOLDERS, MediaOptions, ServerFiles, content_id
from tests.fakes.bot_api_groups import GroupChats, Posted
from tests.fakes.bot_api_methods import BotApiMethods
from tests.fakes.bot_api_types import BOT_USER, BotMessage, StoredFile, TgUser, error

__all__ = [
    "SERVER_FOLDERS",
    "BotApiEmulator",
    "BotMessage",
    "Chat",
    "Posted",
    "TgUser",
    "content_id",
    "origin_channel",
    "origin_chat",
    "origin_hidden_user",
    "origin_user",
]
from tests.fakes.serving import InLoopServer


class BotApiEmulator(ServerFiles, GroupChats, ChatMethods, BotApiMethods):
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
        self.privacy_mode = True
        self.allowed_updates: list[str] | None = None
        self.withheld: list[tuple[str, dict[str, Any], str]] = []
        self.clock: Callable[[], float] = time.monotonic
        self.group_rate_limit: tuple[int, float] | None = None
        self.rate_limited: list[tuple[int, int]] = []
        self._group_sends: dict[int, list[float]] = {}
        self._chats: dict[int, Chat] = {}
        self._chat_messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._private_names: dict[int, str] = {}
        self._group_ids = itertools.count(1)
        self._polled = False
        self._unsettled: list[int] = []

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
    def _push(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        self._pushed[update_id] = {kind: payload}
        self._updates.append({"update_id": update_id, kind: payload})
        self.pending_since[update_id] = time.monotonic()
        self._notify()
        return update_id

    def send_text(self, user: TgUser, text: str) -> int:
        """``user`` writes to the bot in private; the update's id."""
        return self._private(self.post_text(user.id, user, text))

    def send_media(
        self, user: TgUser, kind: str, path: Path, *, caption: str | None = None, **options: Unpack[MediaOptions]
    ) -> int:
        """Send ``path`` as ``voice``/``audio``/``video``/``video_note``/``document`` (with ``caption``)."""
        return self._private(self.post_media(user.id, user, kind, path, caption=caption, **options))

    @staticmethod
    def _private(posted: Posted) -> int:
        assert posted.update_id is not None, "a private message always reaches the bot"
        return posted.update_id

    def pushed_message(self, update_id: int) -> dict[str, Any]:
        """The message of an update the test pushed (its ``message_id`` is what the bot reacts to)."""
        return dict(self._pushed[update_id]["message"])

    def deliver_again(self, update_id: int) -> int:
        """Telegram delivers an update's message once more (as after a bot that died before confirming it)."""
        ((kind, payload),) = self._pushed[update_id].items()
        return self._push(kind, payload)

    def press(self, user: TgUser, message: BotMessage, data: str) -> str:
        """``user`` presses an inline button of ``message`` (in a private chat or a group)."""
        query_id = f"cq-{next(self._update_ids)}"
        msg = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "chat": self.chat_json(message.chat_id),
            "from": BOT_USER,
            "text": message.text or "",
        }
        if message.thread_id is not None:
            msg.update(message_thread_id=message.thread_id, is_topic_message=True)
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
            response = self._refusal(method, params) or await handler(params)
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
