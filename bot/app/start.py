"""/start and /help."""

from __future__ import annotations

from telegram import Update

from bot.shared.context import BotContext
from bot.shared.sender import user_texts


async def on_start(update: Update, context: BotContext) -> None:
    """Explain what to send."""
    found = await user_texts(context.runtime.db, update)
    if update.effective_message and found:
        await update.effective_message.reply_text(found[1].start)
