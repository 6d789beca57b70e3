"""Who may see and change a call: decided here, for every command and button.

A call belongs to one person (a private call: ``calls.user_id`` is theirs) or to a group chat (posted there: the
owner is the chat's id). The scope of every read and write is that owner — in a private chat the person, in a group
the group — so a private call never shows in a group and a group's call never shows in a private chat. In a group,
a current member (``getChatMember``, cached briefly) may read the group's calls; deleting, renaming and changing
settings (the families and commands that ``manage``) are for the chat's admins and, unless the admins chose
"admins only", the call's sender.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from database import Call, Database, User
from database.groups import Managers


@dataclass(frozen=True, slots=True)
class MemberStatus:
    present: bool  # in the chat now (a restricted member who is still in it counts)
    admin: bool


class Members(Protocol):
    """Who is in a group now (``bot.shared.membership.Membership``: cached ``getChatMember``)."""

    async def status(self, chat_id: int, user_id: int) -> MemberStatus: ...


class Refusal(Enum):
    """Why someone in a group may not do what they asked."""

    NOT_MEMBER = "not_member"
    NOT_MANAGER = "not_manager"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts (``person``), and the owner whose calls they act on: themselves, or the group (``chat_id``)."""

    person: int
    chat_id: int | None  # the group chat; None in a private chat

    @property
    def owner(self) -> int:
        return self.person if self.chat_id is None else self.chat_id


async def call_for_presser(db: Database, presser: User, call_id: int) -> Call | None:
    """The call a pressed button names, when it is the presser's owner's (``presser`` is the owner as stored: the
    person, or the group in a group chat); None for a deleted call, another owner's, or a call of another chat."""
    return await db.calls.get(presser.id, call_id)


async def group_call_for_member(db: Database, members: Members, person: int, call_id: int) -> Call | None:
    """A group's call, when ``person`` is a member of that group now (the Mini App opened from a group's direct
    link); None for a private call, a missing one, or someone who is not (or no longer) in the group."""
    call = await db.calls.get_in_group(call_id)
    if call is None:
        return None
    return call if (await members.status(call.user_id, person)).present else None


async def refusal(db: Database, members: Members, actor: Actor, manages: bool, call: Call | None) -> Refusal | None:
    """None when ``actor`` may go on; in a private chat the scope already decided (their own calls only)."""
    if actor.chat_id is None:
        return None
    status = await members.status(actor.chat_id, actor.person)
    if not status.present:
        return Refusal.NOT_MEMBER
    if not manages or status.admin:
        return None
    group = await db.groups.get(actor.chat_id)
    by_sender = group is None or group.managers is Managers.SENDER_AND_ADMINS
    if by_sender and call is not None and call.sender_id == actor.person:
        return None
    return Refusal.NOT_MANAGER
