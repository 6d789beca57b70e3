"""The user side of group chats in the Bot API emulator: tests create groups, move members and post into them.

Every update passes Telegram's delivery rules (:mod:`tests.fakes.bot_api_chats`); one Telegram would not deliver
is kept in ``withheld`` as ``(kind, payload, reason)`` instead, so a test can assert that the bot never saw it.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Unpack

from tests.fakes.bot_api_chats import Chat, Membership, allowed, entities, reaches_bot, reply_thread
from tests.fakes.bot_api_files import MediaOptions
from tests.fakes.bot_api_types import BOT_ID, BOT_USER, BOT_USERNAME, BotMessage, TgUser

TOPIC_ICON_COLOR = 7322096  # one of the six colours Telegram allows for topic icons


@dataclass(frozen=True)
class Posted:
    """A message a test posted: its id (to reply to) and its update (None: Telegram kept it from the bot)."""

    message_id: int
    update_id: int | None
    message: dict[str, Any]

    @property
    def delivered(self) -> bool:
        return self.update_id is not None


class GroupChats:
    """Mixin: the chats live on the emulator (``_chats``), as do all messages in them (``_chat_messages``)."""

    sent: list[BotMessage]
    privacy_mode: bool
    allowed_updates: list[str] | None
    withheld: list[tuple[str, dict[str, Any], str]]
    _chats: dict[int, Chat]
    _chat_messages: dict[tuple[int, int], dict[str, Any]]
    _private_names: dict[int, str]
    _group_ids: itertools.count[int]
    _updates: list[dict[str, Any]]
    _polled: bool  # the bot called getUpdates at least once
    _unsettled: list[int]  # updates queued before that first call
    _media: Callable[..., dict[str, Any]]  # the media object of a file a user sends (ServerFiles)
    chat_json: Callable[[int], dict[str, Any]]  # (ChatMethods)
    message_json: Callable[[int, int], dict[str, Any] | None]  # (ChatMethods)

    def _push(self, kind: str, payload: dict[str, Any]) -> int:
        raise NotImplementedError

    def _next_message_id(self) -> int:
        raise NotImplementedError

    # ---- chats and members -------------------------------------------------------------------------------
    def create_group(
        self,
        title: str,
        creator: TgUser,
        members: Iterable[TgUser] = (),
        *,
        supergroup: bool = False,
        forum: bool = False,
    ) -> int:
        """A group (``supergroup``: a supergroup; ``forum``: a supergroup with topics) without the bot; its id."""
        number = next(self._group_ids)
        is_super = supergroup or forum
        chat_id = -1001000000000 - number if is_super else -4000000000 - number
        chat = Chat(chat_id, "supergroup" if is_super else "group", title, is_forum=forum)
        chat.set_status(creator.as_dict(), "creator")
        for member in members:
            chat.set_status(member.as_dict(), "member")
        self._chats[chat_id] = chat
        return chat_id

    def upgrade_to_supergroup(self, chat_id: int, by: TgUser) -> int:
        """A basic group becomes a supergroup with a new id, its members kept: ``migrate_to_chat_id`` in the old
        chat, ``migrate_from_chat_id`` in the new one; the bot's requests to the old id get 400 with
        ``migrate_to_chat_id``. Returns the new id."""
        old = self._chats[chat_id]
        if old.type != "group" or old.migrated_to is not None:
            raise ValueError(f"chat {chat_id} is not a basic group")
        new_id = -1001000000000 - next(self._group_ids)
        self._chats[new_id] = Chat(new_id, "supergroup", old.title, members=dict(old.members))
        self._post_service(chat_id, by, migrate_to_chat_id=new_id)
        old.migrated_to = new_id
        self._post_service(new_id, by, migrate_from_chat_id=chat_id)
        return new_id

    def chat(self, chat_id: int) -> Chat:
        return self._chats[chat_id]

    def create_topic(self, chat_id: int, name: str, by: TgUser) -> int:
        """Open a forum topic; its thread id is the id of its ``forum_topic_created`` service message."""
        chat = self._chats[chat_id]
        if not chat.is_forum:
            raise ValueError(f"chat {chat_id} is not a forum")
        message_id = self._next_message_id()
        created = {"name": name, "icon_color": TOPIC_ICON_COLOR}
        message = self._base(chat_id, message_id, by.as_dict()) | {
            "message_thread_id": message_id,
            "is_topic_message": True,
            "forum_topic_created": created,
        }
        chat.topics[message_id] = message
        self._record_and_deliver(chat, message)
        return message_id

    def add_member(self, chat_id: int, user: TgUser, *, by: TgUser | None = None) -> None:
        """``user`` joins (``by``: added by someone): a ``new_chat_members`` message and a ``chat_member`` update."""
        self._post_service(chat_id, by or user, new_chat_members=[user.as_dict()])
        self.set_member_status(chat_id, user, "member", by=by or user)

    def remove_member(self, chat_id: int, user: TgUser, *, by: TgUser | None = None, kicked: bool = False) -> None:
        """``user`` leaves (``by``: removed by an admin; ``kicked``: banned too)."""
        self.set_member_status(chat_id, user, "kicked" if kicked else "left", by=by or user)
        self._post_service(chat_id, by or user, left_chat_member=user.as_dict())

    def set_member_status(
        self, chat_id: int, user: TgUser, status: str, *, by: TgUser, is_member: bool = True
    ) -> int | None:
        """Promote, demote, restrict or ban ``user``: a ``chat_member`` update, delivered only to an admin bot
        that listed ``chat_member`` in ``allowed_updates``; returns its update id (None: withheld)."""
        chat = self._chats[chat_id]
        old, new = chat.set_status(user.as_dict(), status, is_member)
        why = None if chat.bot_is_admin else "chat_member updates go only to administrators"
        return self._member_update(chat, by.as_dict(), old, new, why)

    def add_bot(self, chat_id: int, by: TgUser, *, admin: bool = False) -> None:
        """``by`` adds the bot (as an administrator with ``admin``): ``my_chat_member``, then the service message."""
        self.set_bot_status(chat_id, "administrator" if admin else "member", by=by)
        self._post_service(chat_id, by, new_chat_members=[BOT_USER])

    def remove_bot(self, chat_id: int, by: TgUser, *, kicked: bool = True) -> None:
        self.set_bot_status(chat_id, "kicked" if kicked else "left", by=by)

    def set_bot_status(self, chat_id: int, status: str, *, by: TgUser | dict[str, Any]) -> int | None:
        """The bot's own status changes (added, promoted, demoted, removed): a ``my_chat_member`` update."""
        chat = self._chats[chat_id]
        old, new = chat.set_status(BOT_USER, status)
        return self._member_update(chat, by if isinstance(by, dict) else by.as_dict(), old, new, None)

    # ---- posting -----------------------------------------------------------------------------------------
    def post_text(
        self, chat_id: int, user: TgUser, text: str, *, thread: int | None = None, reply_to: int | None = None
    ) -> Posted:
        """``user`` writes ``text`` (commands and mentions in it are marked as Telegram marks them)."""
        return self._post(chat_id, user, {"text": text, "entities": entities(text)}, thread, reply_to)

    def post_command(
        self,
        chat_id: int,
        user: TgUser,
        command: str,
        args: str = "",
        *,
        to_bot: bool = True,
        thread: int | None = None,
        reply_to: int | None = None,
    ) -> Posted:
        """``/command@call_test_bot args`` (``to_bot=False``: the bare ``/command``, meant for every bot)."""
        text = f"/{command.lstrip('/')}{'@' + BOT_USERNAME if to_bot else ''}{' ' + args if args else ''}"
        return self.post_text(chat_id, user, text, thread=thread, reply_to=reply_to)

    def post_mention(
        self, chat_id: int, user: TgUser, text: str, *, thread: int | None = None, reply_to: int | None = None
    ) -> Posted:
        """``@call_test_bot text``: a message mentioning the bot (privacy mode keeps it from the bot unless it
        is also a reply to the bot's message)."""
        return self.post_text(chat_id, user, f"@{BOT_USERNAME} {text}", thread=thread, reply_to=reply_to)

    def post_media(
        self,
        chat_id: int,
        user: TgUser,
        kind: str,
        path: Path,
        *,
        thread: int | None = None,
        reply_to: int | None = None,
        forward_origin: dict[str, Any] | None = None,
        caption: str | None = None,
        **options: Unpack[MediaOptions],
    ) -> Posted:
        """A recording (``voice``/``audio``/``video``/``video_note``/``document``) in a chat or topic;
        ``forward_origin`` (see ``origin_user`` & co.) makes it a forward. ``options`` as for ``send_media``."""
        content: dict[str, Any] = {kind: self._media(kind, path, **options)}
        if caption is not None:
            content.update(caption=caption, caption_entities=entities(caption))
        if forward_origin is not None:
            content["forward_origin"] = forward_origin
        return self._post(chat_id, user, content, thread, reply_to)

    def _post(
        self, chat_id: int, user: TgUser, content: dict[str, Any], thread: int | None, reply_to: int | None
    ) -> Posted:
        chat = self._chats.get(chat_id)
        if chat is None:
            self._private_names[chat_id] = user.first_name
        message_id = self._next_message_id()
        placement = self._placement(chat_id, chat, thread, reply_to)
        message = self._base(chat_id, message_id, user.as_dict()) | placement | content
        update_id = self._record_and_deliver(chat, message)
        if chat is not None and user.is_bot:
            chat.last_bot_id = user.id
        return Posted(message_id, update_id, dict(message))

    def _placement(self, chat_id: int, chat: Chat | None, thread: int | None, reply_to: int | None) -> dict[str, Any]:
        """``message_thread_id``, ``is_topic_message`` and ``reply_to_message`` of a new message (in a topic,
        a message that replies to nothing carries the topic's ``forum_topic_created`` message, as Telegram's do)."""
        target = self.message_json(chat_id, reply_to) if reply_to is not None else None
        if reply_to is not None and target is None:
            raise ValueError(f"no message {reply_to} in chat {chat_id} to reply to")
        if thread is not None and (chat is None or thread not in chat.topics):
            raise ValueError(f"no topic {thread} in chat {chat_id}")
        if chat is None or not chat.is_forum:
            chain = reply_thread(chat, target)
            return ({"reply_to_message": target} if target else {}) | ({"message_thread_id": chain} if chain else {})
        thread = thread if thread is not None else (target or {}).get("message_thread_id")
        if thread is None:
            return {"reply_to_message": target} if target else {}
        shown = target or chat.topics[thread]
        return {"message_thread_id": thread, "is_topic_message": True, "reply_to_message": without_reply(shown)}

    def _base(self, chat_id: int, message_id: int, sender: dict[str, Any]) -> dict[str, Any]:
        return {"message_id": message_id, "date": int(time.time()), "chat": self.chat_json(chat_id), "from": sender}

    def _post_service(self, chat_id: int, by: TgUser, **service: Any) -> Posted:
        return self._post(chat_id, by, service, None, None)

    def _record_and_deliver(self, chat: Chat | None, message: dict[str, Any]) -> int | None:
        if message.get("reply_to_message"):
            message["reply_to_message"] = without_reply(message["reply_to_message"])
        self._chat_messages[(int(message["chat"]["id"]), int(message["message_id"]))] = message
        why = reaches_bot(chat, message, self.privacy_mode) if chat is not None else None
        return self._deliver("message", message, why)

    def _member_update(
        self, chat: Chat, by: dict[str, Any], old: Membership, new: Membership, why: str | None
    ) -> int | None:
        kind = "my_chat_member" if int(new.user["id"]) == BOT_ID else "chat_member"
        payload = {
            "chat": chat.as_dict(),
            "from": by,
            "date": int(time.time()),
            "old_chat_member": old.as_dict(chat.type),
            "new_chat_member": new.as_dict(chat.type),
        }
        return self._deliver(kind, payload, why)

    def _deliver(self, kind: str, payload: dict[str, Any], why: str | None) -> int | None:
        """Queue the update, or keep it in ``withheld``. Before the bot's first poll its ``allowed_updates`` are not
        known yet (Telegram would use those of its previous run): the update waits for that poll to decide."""
        if why is None and self._polled and not allowed(kind, self.allowed_updates):
            why = f"{kind} is not in the bot's allowed_updates"
        if why is not None:
            self.withheld.append((kind, payload, why))
            return None
        update_id = self._push(kind, payload)
        if not self._polled:
            self._unsettled.append(update_id)
        return update_id

    def _settle(self) -> None:
        """The bot's first poll: the updates queued before it meet the ``allowed_updates`` it asked for."""
        self._polled = True
        for update in [u for u in self._updates if u["update_id"] in self._unsettled]:
            ((kind, payload),) = ((k, v) for k, v in update.items() if k != "update_id")
            if not allowed(kind, self.allowed_updates):
                self._updates.remove(update)
                self.withheld.append((kind, payload, f"{kind} is not in the bot's allowed_updates"))
        self._unsettled.clear()

    # ---- observations ------------------------------------------------------------------------------------
    def sent_to(self, chat_id: int, thread: int | None = None) -> list[BotMessage]:
        """What the bot sent to a chat (``thread``: to that forum topic only), deleted ones included."""
        return [m for m in self.sent if m.chat_id == chat_id and (thread is None or m.thread_id == thread)]

    def replies_to(self, chat_id: int, message_id: int) -> list[BotMessage]:
        """The bot's messages sent as replies to ``message_id`` in ``chat_id``."""
        return [m for m in self.sent if m.chat_id == chat_id and m.reply_to == message_id]


def without_reply(message: dict[str, Any]) -> dict[str, Any]:
    """A message as Telegram nests it in ``reply_to_message``: one level deep."""
    return {key: value for key, value in message.items() if key != "reply_to_message"}
