"""Who is in a group chat now, and who administers it: ``getChatMember``, trusted for a short while.

A ``chat_member`` update (someone joined, left, was removed or promoted) forgets what was cached for that person at
once, so a member who left loses access to the group's calls on their next request, not a cache period later.
"""

from __future__ import annotations

import logging
import time

from telegram import Bot, ChatMember
from telegram.error import TelegramError

from bot.buttons.ownership import MemberStatus

log = logging.getLogger(__name__)

PRESENT = frozenset({ChatMember.OWNER, ChatMember.ADMINISTRATOR, ChatMember.MEMBER, ChatMember.RESTRICTED})
ADMINS = frozenset({ChatMember.OWNER, ChatMember.ADMINISTRATOR})


class Membership:
    """Cached ``getChatMember`` answers, per (chat, user), for ``ttl_s`` seconds."""

    def __init__(self, bot: Bot, ttl_s: float) -> None:
        self._bot = bot
        self._ttl_s = ttl_s
        self._known: dict[tuple[int, int], tuple[float, MemberStatus]] = {}
        self._changes = 0  # counts forgets: an answer asked for before one is not cached (it may predate the change)

    async def status(self, chat_id: int, user_id: int) -> MemberStatus:
        """The user's standing in the chat; someone Telegram does not know there (or an error) is not present."""
        cached = self._known.get((chat_id, user_id))
        if cached is not None and time.monotonic() - cached[0] < self._ttl_s:
            return cached[1]
        changes = self._changes
        try:
            member = await self._bot.get_chat_member(chat_id, user_id)
        except TelegramError as exc:
            log.info("getChatMember %s in %s failed: %s", user_id, chat_id, exc)
            return MemberStatus(present=False, admin=False)
        present = member.status in PRESENT and getattr(member, "is_member", True) is not False
        status = MemberStatus(present=present, admin=member.status in ADMINS)
        if changes == self._changes:
            self._known[(chat_id, user_id)] = (time.monotonic(), status)
        return status

    def forget(self, chat_id: int, user_id: int) -> None:
        """A change of membership was reported: ask Telegram again next time."""
        self._changes += 1
        self._known.pop((chat_id, user_id), None)

    def forget_chat(self, chat_id: int) -> None:
        """The bot left or was removed: nothing cached about the chat is trusted any more."""
        self._changes += 1
        for key in [key for key in self._known if key[0] == chat_id]:
            del self._known[key]
