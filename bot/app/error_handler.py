"""Last line of defence: log an unexpected handler error and tell the user kindly (never a stack trace)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.shared.context import BotContext
from bot.texts import texts_for

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log the error; answer the message or button that caused it when there is one."""
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_user is None:
        return
    text = texts_for(update.effective_user.language_code).error_internal
    try:
        if update.callback_query:
            await update.callback_query.answer(text, show_alert=True)
        elif update.effective_message:
            await update.effective_message.reply_text(text)
    except TelegramError:
        log.warning("could not tell the user about the error")
