"""/start and /help."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.texts import texts_for


async def on_start(update: Update, context: BotContext) -> None:
    """Explain what to send."""
    if update.effective_message and update.effective_user:
        await update.effective_message.reply_text(texts_for(update.effective_user.language_code).start)
