"""/start and /help; /start with a link's token (``t.me/<bot>?start=<token>``) opens a shared call."""

from __future__ import annotations

from telegram import Update

from bot.shared.context import BotContext
from bot.shared.sender import group_chat, user_texts
from bot.sharing.reader_handlers import open_link


async def on_start(update: Update, context: BotContext) -> None:
    """Explain what to send (in a group: how the bot works there), or open the shared call whose link the user
    followed."""
    if context.args:
        await open_link(update, context, context.args[0])
        return
    found = await user_texts(context.runtime.db, update)
    if update.effective_message and found:
        in_group = group_chat(update) is not None
        await update.effective_message.reply_text(found[1].groups.intro if in_group else found[1].start)
