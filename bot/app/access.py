"""The allow-lists: updates from anyone else stop here (in a group, the group's rules: ``bot/groups/access.py``)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.groups.access import group_guard
from bot.shared.context import BotContext
from bot.shared.sender import group_chat
from bot.texts import texts_for


async def guard(update: Update, context: BotContext) -> None:
    """Refuse users not on the allow-list (chats not on the chat allow-list) before any other handler runs."""
    if (chat := group_chat(update)) is not None:
        await group_guard(update, context, chat)
        return
    user = update.effective_user
    if user is None or context.runtime.settings.is_allowed(user.id):
        return
    texts = texts_for(user.language_code)
    if update.callback_query:
        await update.callback_query.answer(texts.not_allowed, show_alert=True)
    elif update.effective_message:
        await update.effective_message.reply_text(texts.not_allowed)
    raise ApplicationHandlerStop
