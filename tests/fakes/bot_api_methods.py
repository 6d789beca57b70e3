"""The Bot API methods the emulator implements (``_m_<method>`` handlers), kept apart from its user-side API."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from typing import Any

from starlette.responses import Response

from tests.fakes.bot_api_chat_methods import Placement
from tests.fakes.bot_api_types import BOT_USER, BotMessage, StoredFile, error, invalid_markup, ok


class BotApiMethods:
    """Mixin: state lives on the emulator (``sent``, ``_files``, ``_updates``, …)."""

    token: str
    local_mode: bool
    sent: list[BotMessage]
    commands: list[dict[str, Any]]
    commands_by_language: dict[str, list[dict[str, Any]]]
    callback_answers: dict[str, dict[str, Any]]
    reactions: list[tuple[int, int, list[str]]]
    allowed_updates: list[str] | None
    _polled: bool
    _settle: Callable[[], None]  # (GroupChats)
    _updates: list[dict[str, Any]]
    _files: dict[str, StoredFile]
    _changed: asyncio.Condition

    def _next_message_id(self) -> int:
        raise NotImplementedError

    def _place(self, params: dict[str, Any]) -> Placement | Response:
        raise NotImplementedError

    def _placed_json(self, message: BotMessage) -> dict[str, Any]:
        raise NotImplementedError

    def _sent_by_bot(self, chat_id: int) -> None:
        raise NotImplementedError

    def _new_message(self, placement: Placement, text: str | None, **fields: Any) -> BotMessage:
        """Record a message the bot sent where ``placement`` says; the bot is now the chat's last bot to post."""
        message = BotMessage(
            self._next_message_id(),
            placement.chat_id,
            text,
            reply_to=placement.reply_to,
            thread_id=placement.thread_id,
            reply_parameters=placement.reply_parameters,
            **fields,
        )
        self.sent.append(message)
        self._sent_by_bot(placement.chat_id)
        return message

    async def _m_deletewebhook(self, params: dict[str, Any]) -> Response:
        return ok(True)

    async def _m_setmycommands(self, params: dict[str, Any]) -> Response:
        commands = json.loads(params.get("commands", "[]"))
        language = str(params.get("language_code") or "")
        self.commands_by_language[language] = commands
        if not language:
            self.commands = commands
        return ok(True)

    async def _m_sendchataction(self, params: dict[str, Any]) -> Response:
        return ok(True)

    async def _m_getupdates(self, params: dict[str, Any]) -> Response:
        if "allowed_updates" in params:  # kept until a later call changes it, as Telegram does
            raw = params["allowed_updates"]
            self.allowed_updates = list(json.loads(raw) if isinstance(raw, str) else raw) or None
        if not self._polled:
            self._settle()
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and timeout:
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait_for(lambda: bool(self._updates)), timeout)
        return ok(self._updates[: int(params.get("limit") or 100)])

    def _as_json(self, message: BotMessage) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "from": BOT_USER,
            **self._placed_json(message),
        }
        if message.photo is not None:
            data["photo"] = [
                {
                    "file_id": f"photo-{message.message_id}",
                    "file_unique_id": f"p{message.message_id}",
                    "width": 1200,
                    "height": 800,
                }
            ]
            if message.caption:
                data["caption"] = message.caption
        elif message.document is not None:
            data["document"] = {
                "file_id": f"doc-{message.message_id}",
                "file_unique_id": f"d{message.message_id}",
                "file_name": message.filename,
                "file_size": len(message.document),
            }
            if message.caption:
                data["caption"] = message.caption
        else:
            data["text"] = message.text
        if message.reply_markup:
            data["reply_markup"] = message.reply_markup
        return data

    def _find(self, params: dict[str, Any]) -> BotMessage | None:
        chat_id, message_id = int(params.get("chat_id", 0)), int(params.get("message_id", 0))
        return next(
            (m for m in self.sent if m.chat_id == chat_id and m.message_id == message_id and not m.deleted),
            None,
        )

    @staticmethod
    def _markup(params: dict[str, Any]) -> dict[str, Any] | None:
        raw = params.get("reply_markup")
        return json.loads(raw) if isinstance(raw, str) else raw

    async def _m_sendmessage(self, params: dict[str, Any]) -> Response:
        text = str(params.get("text", ""))
        if not text.strip():
            return error(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            return error(400, "Bad Request: message is too long")
        if problem := invalid_markup(self._markup(params)):
            return error(400, problem)
        placement = self._place(params)
        if isinstance(placement, Response):
            return placement
        message = self._new_message(
            placement, text, parse_mode=params.get("parse_mode"), reply_markup=self._markup(params), edits=[text]
        )
        return ok(self._as_json(message))

    async def _m_editmessagetext(self, params: dict[str, Any]) -> Response:
        message = self._find(params)
        if message is None:
            return error(400, "Bad Request: message to edit not found")
        text, markup = str(params.get("text", "")), self._markup(params)
        if problem := invalid_markup(markup):
            return error(400, problem)
        if text == message.text and markup == message.reply_markup:
            return error(400, "Bad Request: message is not modified")
        message.text, message.reply_markup = text, markup
        message.parse_mode = params.get("parse_mode")
        message.edits.append(text)
        return ok(self._as_json(message))

    async def _m_setmessagereaction(self, params: dict[str, Any]) -> Response:
        message_id = int(params["message_id"])
        raw = params.get("reaction") or "[]"
        reaction = json.loads(raw) if isinstance(raw, str) else raw
        self.reactions.append((int(params["chat_id"]), message_id, [r.get("emoji") for r in reaction]))
        return ok(True)

    async def _m_editmessagereplymarkup(self, params: dict[str, Any]) -> Response:
        message = self._find(params)
        if message is None:
            return error(400, "Bad Request: message to edit not found")
        if problem := invalid_markup(self._markup(params)):
            return error(400, problem)
        message.reply_markup = self._markup(params)
        return ok(self._as_json(message))

    async def _m_senddocument(self, params: dict[str, Any]) -> Response:
        document = params.get("document")
        if not isinstance(document, tuple):
            return error(400, "Bad Request: there is no document in the request")
        filename, content = document
        placement = self._place(params)
        if isinstance(placement, Response):
            return placement
        message = self._new_message(placement, None, document=content, filename=filename, caption=params.get("caption"))
        return ok(self._as_json(message))

    async def _m_sendphoto(self, params: dict[str, Any]) -> Response:
        photo = params.get("photo")
        if not isinstance(photo, tuple):
            return error(400, "Bad Request: there is no photo in the request")
        placement = self._place(params)
        if isinstance(placement, Response):
            return placement
        message = self._new_message(placement, None, photo=photo[1], caption=params.get("caption"))
        return ok(self._as_json(message))

    async def _m_deletemessage(self, params: dict[str, Any]) -> Response:
        message = self._find(params)
        if message is None:
            return error(400, "Bad Request: message to delete not found")
        message.deleted = True
        return ok(True)

    async def _m_answercallbackquery(self, params: dict[str, Any]) -> Response:
        self.callback_answers[str(params["callback_query_id"])] = {
            "text": params.get("text"),
            "show_alert": str(params.get("show_alert", "false")).lower() == "true",
        }
        return ok(True)

    async def _m_getfile(self, params: dict[str, Any]) -> Response:
        file_id = str(params.get("file_id"))
        stored = self._files.get(file_id)
        if stored is None:
            return error(400, "Bad Request: invalid file_id")
        if not self.local_mode and stored.size > 20 * 1024 * 1024:
            return error(400, "Bad Request: file is too big")
        path = str(stored.path) if self.local_mode else file_id  # local: the absolute path in the server's --dir
        return ok({"file_id": file_id, "file_unique_id": stored.unique_id, "file_size": stored.size, "file_path": path})
