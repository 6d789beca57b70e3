"""The allow-list: updates from anyone else stop here."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.shared.context import BotContext
from bot.texts import texts_for


async def guard(update: Update, context: BotContext) -> None:
    """Refuse users not on the allow-list before any other handler runs."""
    user = update.effective_user
    if user is None or context.runtime.settings.is_allowed(user.id):
        return
    texts = texts_for(user.language_code)
    if update.callback_query:
        await update.callback_query.answer(texts.not_allowed, show_alert=True)
    elif update.effective_message:
        await update.effective_message.reply_text(texts.not_allowed)
    raise ApplicationHandlerStop
