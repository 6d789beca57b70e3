"""The Bot API methods about chats (getMe, getChat, getChatMember, getChatAdministrators, leaveChat) and where a
message the bot sends lands: the chat (the bot must be in it), the topic, the message it replies to, the rate limit."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from tests.fakes.bot_api_chats import ADMINS, Chat, Membership, reply_thread
from tests.fakes.bot_api_types import BOT_ID, BOT_USER, BotMessage, error, ok

# Methods that act on a chat's messages: refused, like sends, where the bot is not (or no longer) a member.
ACTS_IN_CHAT = frozenset(
    {"sendchataction", "editmessagetext", "editmessagereplymarkup", "deletemessage", "setmessagereaction"}
)
# Methods whose inline keyboard Telegram checks: Web App buttons are for private chats only.
CARRIES_MARKUP = frozenset({"sendmessage", "senddocument", "sendphoto", "editmessagetext", "editmessagereplymarkup"})
NO_GIFTS = dict.fromkeys(
    ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription", "gifts_from_channels"), False
)


@dataclass(frozen=True)
class Placement:
    """Where a message the bot sends lands."""

    chat_id: int
    thread_id: int | None
    reply_to: int | None
    reply_parameters: dict[str, Any] | None


class ChatMethods:
    """Mixin: chats, messages and the rate limit's state live on the emulator."""

    privacy_mode: bool
    sent: list[BotMessage]
    clock: Callable[[], float]
    group_rate_limit: tuple[int, float] | None
    rate_limited: list[tuple[int, int]]
    _chats: dict[int, Chat]
    _chat_messages: dict[tuple[int, int], dict[str, Any]]
    _private_names: dict[int, str]
    _group_sends: dict[int, list[float]]
    set_bot_status: Callable[..., int | None]  # (GroupChats)
    _as_json: Callable[[BotMessage], dict[str, Any]]  # (BotApiMethods)

    def limit_group_messages(self, count: int = 20, per_seconds: float = 60.0) -> None:
        """Answer 429 with ``retry_after`` once the bot sent ``count`` messages to one group within
        ``per_seconds`` (Telegram: about 20 a minute); ``clock`` (replaceable) measures the window."""
        self.group_rate_limit = (count, per_seconds)

    def chat_json(self, chat_id: int) -> dict[str, Any]:
        """The Chat object of a group, or of the private chat with user ``chat_id``."""
        if chat_id in self._chats:
            return self._chats[chat_id].as_dict()
        return {"id": chat_id, "type": "private", "first_name": self._private_names.get(chat_id, "Tester")}

    def message_json(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """Any message in a chat as Telegram shows it now: a user's, or the bot's (with its latest edit)."""
        if (chat_id, message_id) in self._chat_messages:
            return self._chat_messages[(chat_id, message_id)]
        sent = next((m for m in self.sent if (m.chat_id, m.message_id) == (chat_id, message_id)), None)
        return self._as_json(sent) if sent is not None and not sent.deleted else None

    # ---- where a sent message lands ----------------------------------------------------------------------
    def _reachable(self, chat_id: int) -> Chat | Response | None:
        """The group the bot may write to (None: a private chat), or Telegram's refusal."""
        if chat_id > 0:
            return None
        chat = self._chats.get(chat_id)
        if chat is None:
            return error(400, "Bad Request: chat not found")
        if chat.migrated_to is not None:
            moved = {"migrate_to_chat_id": chat.migrated_to}
            return error(400, "Bad Request: group chat was upgraded to a supergroup chat", moved)
        status = chat.status(BOT_ID)
        if status == "kicked":
            return error(403, f"Forbidden: bot was kicked from the {chat.type} chat")
        if not chat.bot_present:
            return error(403, f"Forbidden: bot is not a member of the {chat.type} chat")
        return chat

    def _refusal(self, method: str, params: dict[str, Any]) -> Response | None:
        """Telegram's answer to an edit, deletion, reaction or chat action in a chat the bot may not act in, or to
        a Web App button anywhere but a private chat."""
        name = method.lower()
        if "chat_id" not in params:
            return None
        chat = self._reachable(int(params["chat_id"])) if name in ACTS_IN_CHAT else None
        if isinstance(chat, Response):
            return chat
        if name in CARRIES_MARKUP and int(params["chat_id"]) < 0 and _has_web_app(params.get("reply_markup")):
            return error(400, "Bad Request: BUTTON_TYPE_INVALID")
        return None

    def _place(self, params: dict[str, Any]) -> Placement | Response:
        """Check ``chat_id``, ``message_thread_id``, ``reply_parameters`` and the group's rate limit."""
        chat_id = int(params["chat_id"])
        chat = self._reachable(chat_id)
        if isinstance(chat, Response):
            return chat
        thread = int(params["message_thread_id"]) if params.get("message_thread_id") else None
        if thread is not None and (chat is None or thread not in chat.topics):  # topics live in forums only
            return error(400, "Bad Request: message thread not found")
        reply = _reply_parameters(params)
        reply_to = int(reply["message_id"]) if reply else None
        if reply_to is not None:
            target = self.message_json(chat_id, reply_to)
            if target is None and not (reply or {}).get("allow_sending_without_reply"):
                return error(400, "Bad Request: message to be replied not found")
            if target is None:
                reply_to = None
            elif chat is not None and chat.is_forum and thread is None:
                thread = target.get("message_thread_id")  # a reply lands in its message's topic
        if chat is not None and (refusal := self._rate_limit(chat_id)):
            return refusal
        return Placement(chat_id, thread, reply_to, reply)

    def _rate_limit(self, chat_id: int) -> Response | None:
        if self.group_rate_limit is None:
            return None
        count, window = self.group_rate_limit
        now = self.clock()
        recent = [t for t in self._group_sends.get(chat_id, []) if now - t < window]
        if len(recent) >= count:
            retry_after = max(1, math.ceil(window - (now - recent[0])))
            self.rate_limited.append((chat_id, retry_after))
            return error(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})
        self._group_sends[chat_id] = [*recent, now]
        return None

    def _placed_json(self, message: BotMessage) -> dict[str, Any]:
        """The chat, topic and replied-to fields of a message the bot sent."""
        data: dict[str, Any] = {"chat": self.chat_json(message.chat_id)}
        chat = self._chats.get(message.chat_id)
        if message.thread_id is not None and chat is not None:
            data.update(message_thread_id=message.thread_id, is_topic_message=True)
        target = self.message_json(message.chat_id, message.reply_to) if message.reply_to is not None else None
        if chain := reply_thread(chat, target):
            data["message_thread_id"] = chain
        if target is None and chat is not None and message.thread_id is not None:
            target = chat.topics[message.thread_id]
        if target is not None:
            data["reply_to_message"] = {k: v for k, v in target.items() if k != "reply_to_message"}
        return data

    def _sent_by_bot(self, chat_id: int) -> None:
        if chat_id in self._chats:
            self._chats[chat_id].last_bot_id = BOT_ID

    # ---- methods -----------------------------------------------------------------------------------------
    async def _m_getme(self, params: dict[str, Any]) -> Response:
        return ok(
            BOT_USER
            | {
                "can_join_groups": True,
                "can_read_all_group_messages": not self.privacy_mode,
                "supports_inline_queries": False,
            }
        )

    async def _m_getchat(self, params: dict[str, Any]) -> Response:
        chat = self._reachable(int(params["chat_id"]))
        if isinstance(chat, Response):
            return chat
        base = self.chat_json(int(params["chat_id"])) if chat is None else chat.as_dict()
        return ok(base | {"accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": NO_GIFTS})

    async def _m_getchatmember(self, params: dict[str, Any]) -> Response:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        chat = self._reachable(chat_id)
        if isinstance(chat, Response):
            return chat
        if chat is None:
            if user_id not in (chat_id, BOT_ID):
                return error(400, "Bad Request: user not found")
            user = BOT_USER if user_id == BOT_ID else {"id": user_id, "is_bot": False, "first_name": "Tester"}
            return ok(Membership(user, "member").as_dict("private"))
        return ok(chat.membership(user_id).as_dict(chat.type))

    async def _m_getchatadministrators(self, params: dict[str, Any]) -> Response:
        """The creator and administrators, bots other than this one left out (as Telegram does)."""
        chat = self._reachable(int(params["chat_id"]))
        if isinstance(chat, Response):
            return chat
        if chat is None:
            return error(400, "Bad Request: there are no administrators in the private chat")
        admins = [
            m
            for m in chat.members.values()
            if m.status in ADMINS and (not m.user.get("is_bot") or int(m.user["id"]) == BOT_ID)
        ]
        return ok([m.as_dict(chat.type) for m in admins])

    async def _m_leavechat(self, params: dict[str, Any]) -> Response:
        chat = self._reachable(int(params["chat_id"]))
        if isinstance(chat, Response):
            return chat
        if chat is None:
            return error(400, "Bad Request: chat member status can't be changed in private chats")
        self.set_bot_status(chat.id, "left", by=BOT_USER)
        return ok(True)


def _reply_parameters(params: dict[str, Any]) -> dict[str, Any] | None:
    """``reply_parameters`` (or the older ``reply_to_message_id``) of a send request."""
    raw = params.get("reply_parameters")
    if raw:
        return dict(json.loads(raw) if isinstance(raw, str) else raw)
    if params.get("reply_to_message_id"):
        allow = str(params.get("allow_sending_without_reply", "")).lower() == "true"
        return {"message_id": int(params["reply_to_message_id"]), "allow_sending_without_reply": allow}
    return None


def _has_web_app(raw: Any) -> bool:
    markup = json.loads(raw) if isinstance(raw, str) else raw or {}
    return any("web_app" in button for row in markup.get("inline_keyboard", []) for button in row)
