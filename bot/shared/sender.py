"""The stored user behind an update, the language of their texts, and the call their questions are about."""

from __future__ import annotations

from telegram import Update

from bot.texts import Texts, texts_for
from database import Call, Database, User


async def user_texts(db: Database, update: Update) -> tuple[User, Texts] | None:
    """The sender as stored (created or refreshed on the way) and the texts in their language."""
    sender = update.effective_user
    if sender is None:
        return None
    user = await db.users.ensure(sender.id, sender.language_code, sender.first_name)
    return user, texts_for(user.language)


async def active_call(db: Database, user: User) -> Call | None:
    """The call picked in /calls while it exists, else the newest call with a transcript."""
    if user.active_call_id is not None:
        picked = await db.calls.get(user.id, user.active_call_id)
        if picked is not None:
            return picked
    return await db.calls.latest_transcribed(user.id)
