"""The stored owner behind an update, the language of their texts, and the call their questions are about.

In a private chat the owner is the sender; in a group chat it is the group (its chat id, whose ``users`` row keeps
the group's settings), so every read and write a command or button makes is scoped to the group's calls there
(``bot.buttons.ownership``). A group's texts are in its /language, else in the language of whoever speaks to it.
"""

from __future__ import annotations

from telegram import Chat, Update

from bot.texts import Texts, texts_for
from database import Call, Database, User

GROUP_TYPES = frozenset({Chat.GROUP, Chat.SUPERGROUP})


def group_chat(update: Update) -> Chat | None:
    """The group or supergroup the update comes from; None in a private chat (or a channel)."""
    chat = update.effective_chat
    return chat if chat is not None and chat.type in GROUP_TYPES else None


async def user_texts(db: Database, update: Update) -> tuple[User, Texts] | None:
    """The owner as stored (created or refreshed on the way) and the texts in their language."""
    sender = update.effective_user
    if sender is None:
        return None
    group = group_chat(update)
    if group is not None:
        await db.groups.ensure(group.id, group.type, group.title)
        owner = await db.users.ensure(group.id, sender.language_code, group.title)
        return owner, texts_for(owner.language)
    user = await db.users.ensure(sender.id, sender.language_code, sender.first_name)
    return user, texts_for(user.language)


async def active_call(db: Database, user: User) -> Call | None:
    """The call picked in /calls while it exists, else the newest call with a transcript."""
    if user.active_call_id is not None:
        picked = await db.calls.get(user.id, user.active_call_id)
        if picked is not None:
            return picked
    return await db.calls.latest_transcribed(user.id)
