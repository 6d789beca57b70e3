"""Chats of the Bot API emulator: groups, supergroups and forums, who is in them, and what reaches the bot.

The rules follow https://core.telegram.org/bots/features#privacy-mode and the Bot API documentation:
- with privacy mode on, a bot that is not an administrator gets from a group only commands meant for it
  (``/cmd@its_name``; a bare ``/cmd`` only when it was the last bot to post in the chat), replies to its own
  messages and service messages. A plain ``@its_name`` mention is not delivered: @BotFather's wording suggests it
  is, but the documentation lists no such rule and bots in the field report they never get one;
- an administrator, or a bot with privacy mode off, gets every message; no bot ever gets another bot's messages;
- ``chat_member`` updates come only to administrators that asked for them in ``allowed_updates``; without
  ``allowed_updates`` a bot gets every kind except ``chat_member``, ``message_reaction`` and
  ``message_reaction_count``;
- in a supergroup that is no forum, a reply carries the ``message_thread_id`` of its reply chain (not a topic:
  no ``is_topic_message``), and sending with a ``message_thread_id`` anywhere but a forum fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.bot_api_types import BOT_ID, BOT_USERNAME, TgUser

STATUSES = ("creator", "administrator", "member", "restricted", "left", "kicked")
ADMINS = ("creator", "administrator")
NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
SERVICE_FIELDS = frozenset(
    {
        "new_chat_members",
        "left_chat_member",
        "group_chat_created",
        "supergroup_chat_created",
        "forum_topic_created",
        "migrate_to_chat_id",
        "migrate_from_chat_id",
    }
)
ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_pin_messages": True,
}
RESTRICTED_RIGHTS = dict.fromkeys(
    (
        "can_send_messages",
        "can_send_audios",
        "can_send_documents",
        "can_send_photos",
        "can_send_videos",
        "can_send_video_notes",
        "can_send_voice_notes",
        "can_send_polls",
        "can_send_other_messages",
        "can_add_web_page_previews",
        "can_change_info",
        "can_invite_users",
        "can_pin_messages",
        "can_manage_topics",
        "can_edit_tag",
        "can_react_to_messages",
    ),
    False,
)
# A command (``/cmd`` or ``/cmd@bot``) or a mention (``@name``) starting a word, as Telegram's clients mark them.
COMMAND = re.compile(r"(?<![\w/@])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
MENTION = re.compile(r"(?<![\w/@])@[A-Za-z0-9_]{4,32}")


@dataclass
class Membership:
    user: dict[str, Any]
    status: str
    is_member: bool = True  # for "restricted": still in the chat or not

    @property
    def present(self) -> bool:
        return self.status in ("creator", "administrator", "member") or (self.status == "restricted" and self.is_member)

    def as_dict(self, chat_type: str) -> dict[str, Any]:
        """The ChatMember object for this status, with the fields Telegram always sends for it."""
        data: dict[str, Any] = {"status": self.status, "user": self.user}
        if self.status == "creator":
            data["is_anonymous"] = False
        elif self.status == "administrator":
            data.update(ADMIN_RIGHTS)
            if chat_type == "supergroup":
                data["can_manage_topics"] = True
        elif self.status == "restricted":
            data.update(RESTRICTED_RIGHTS, is_member=self.is_member, until_date=0)
        elif self.status == "kicked":
            data["until_date"] = 0
        return data


@dataclass
class Chat:
    """A group or supergroup (``is_forum``: with topics). ``topics``: thread id → its ``forum_topic_created``
    message; ``last_bot_id``: the last bot that posted (decides whether a bare ``/cmd`` reaches ours);
    ``migrated_to``: the supergroup a basic group became."""

    id: int
    type: str
    title: str
    is_forum: bool = False
    members: dict[int, Membership] = field(default_factory=dict)
    topics: dict[int, dict[str, Any]] = field(default_factory=dict)
    last_bot_id: int | None = None
    migrated_to: int | None = None  # a group upgraded to a supergroup lives on under this id

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type, "title": self.title}
        if self.is_forum:
            data["is_forum"] = True
        return data

    def membership(self, user_id: int) -> Membership:
        return self.members.get(user_id) or Membership({"id": user_id, "is_bot": False, "first_name": "?"}, "left")

    def status(self, user_id: int) -> str:
        return self.membership(user_id).status

    @property
    def bot_present(self) -> bool:
        return self.membership(BOT_ID).present

    @property
    def bot_is_admin(self) -> bool:
        return self.status(BOT_ID) in ADMINS

    def set_status(self, user: dict[str, Any], status: str, is_member: bool = True) -> tuple[Membership, Membership]:
        """Change ``user``'s status; returns (old, new) as ChatMemberUpdated carries them."""
        if status not in STATUSES:
            raise ValueError(f"unknown chat member status {status!r}; one of {STATUSES}")
        old = self.membership(int(user["id"]))
        new = Membership(user, status, is_member)
        self.members[int(user["id"])] = new
        return old, new


def utf16_len(text: str) -> int:
    """Entity offsets and lengths count UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def entities(text: str) -> list[dict[str, Any]]:
    """The ``bot_command`` and ``mention`` entities Telegram marks in ``text``."""
    found = [("bot_command", m) for m in COMMAND.finditer(text)] + [("mention", m) for m in MENTION.finditer(text)]
    found.sort(key=lambda item: item[1].start())
    return [{"type": kind, "offset": utf16_len(text[: m.start()]), "length": utf16_len(m.group())} for kind, m in found]


def entity_texts(message: dict[str, Any], kind: str) -> list[str]:
    text = str(message.get("text") or message.get("caption") or "")
    encoded = text.encode("utf-16-le")
    marked = message.get("entities") or message.get("caption_entities") or []
    return [
        encoded[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in marked
        if e["type"] == kind
    ]


def meant_for_bot(chat: Chat, message: dict[str, Any]) -> bool:
    """Privacy mode: a command addressed to the bot (or a bare one after it spoke last), or a reply to it."""
    for command in entity_texts(message, "bot_command"):
        _, _, addressee = command.partition("@")
        if addressee.lower() == BOT_USERNAME.lower() or (not addressee and chat.last_bot_id == BOT_ID):
            return True
    replied = message.get("reply_to_message") or {}
    return bool(replied.get("from", {}).get("id") == BOT_ID and not replied.get("forum_topic_created"))


def reaches_bot(chat: Chat, message: dict[str, Any], privacy_mode: bool) -> str | None:
    """Why Telegram would keep a group message from the bot (None: it is delivered)."""
    if not chat.bot_present:
        return "the bot is not in the chat"
    if message.get("from", {}).get("is_bot"):
        return "bots never get other bots' messages"
    if SERVICE_FIELDS & message.keys() or not privacy_mode or chat.bot_is_admin:
        return None
    return None if meant_for_bot(chat, message) else "privacy mode: not meant for the bot"


def allowed(kind: str, allowed_updates: list[str] | None) -> bool:
    """Whether the bot's ``allowed_updates`` (None or empty: the default set) lets updates of ``kind`` through."""
    return kind in allowed_updates if allowed_updates else kind not in NOT_BY_DEFAULT


def origin_user(user: TgUser, date: int = 0) -> dict[str, Any]:
    """``forward_origin`` of a message forwarded from ``user`` (MessageOriginUser)."""
    return {"type": "user", "date": date, "sender_user": user.as_dict()}


def origin_hidden_user(name: str, date: int = 0) -> dict[str, Any]:
    """``forward_origin`` of a user who hides their account in forwards (MessageOriginHiddenUser)."""
    return {"type": "hidden_user", "date": date, "sender_user_name": name}


def origin_chat(chat_id: int, title: str, date: int = 0) -> dict[str, Any]:
    """``forward_origin`` of a message a group sent on its own behalf (MessageOriginChat)."""
    return {"type": "chat", "date": date, "sender_chat": {"id": chat_id, "type": "supergroup", "title": title}}


def origin_channel(chat_id: int, title: str, message_id: int, date: int = 0) -> dict[str, Any]:
    """``forward_origin`` of a channel post (MessageOriginChannel)."""
    channel = {"id": chat_id, "type": "channel", "title": title}
    return {"type": "channel", "date": date, "chat": channel, "message_id": message_id}


def reply_thread(chat: Chat | None, target: dict[str, Any] | None) -> int | None:
    """The reply chain a reply to ``target`` joins in a supergroup that is no forum (None elsewhere)."""
    if chat is None or chat.type != "supergroup" or chat.is_forum or target is None:
        return None
    return int(target.get("message_thread_id") or target["message_id"])
