"""/start and /help."""

from __future__ import annotations

from telegram import Update

from bot.shared.context import BotContext
from bot.shared.sender import group_chat, user_texts


async def on_start(update: Update, context: BotContext) -> None:
    """Explain what to send (in a group: how the bot works there)."""
    found = await user_texts(context.runtime.db, update)
    if update.effective_message and found:
        in_group = group_chat(update) is not None
        await update.effective_message.reply_text(found[1].groups.intro if in_group else found[1].start)
