"""The bot added to or removed from a group, and members coming and going (``my_chat_member``, ``chat_member``)."""

from __future__ import annotations

from telegram import Update

from bot.shared.context import BotContext
from bot.shared.membership import PRESENT
from bot.shared.sender import GROUP_TYPES
from bot.texts import texts_for


async def on_my_chat_member(update: Update, context: BotContext) -> None:
    """Added: introduce itself once (or say the group's calls were kept, when added back). Removed: keep the calls;
    the bot can no longer post, so it says so when it is added back and in /settings."""
    change, svc = update.my_chat_member, context.runtime
    if change is None or change.chat.type not in GROUP_TYPES:
        return
    chat = change.chat
    svc.members.forget_chat(chat.id)
    was_in, is_in = change.old_chat_member.status in PRESENT, change.new_chat_member.status in PRESENT
    await svc.db.groups.ensure(chat.id, chat.type, chat.title)
    await svc.db.groups.set_bot_present(chat.id, is_in, update.update_id)
    if was_in or not is_in or not svc.settings.is_allowed_group(chat.id):
        return
    owner = await svc.db.users.get(chat.id)
    texts = texts_for(owner.language if owner else change.from_user.language_code)
    first_time = await svc.db.groups.mark_introduced(chat.id)  # otherwise it was removed (or left) and is back
    await context.bot.send_message(chat.id, texts.groups.intro if first_time else texts.groups.back_again)


async def on_migrated(update: Update, context: BotContext) -> None:
    """A basic group became a supergroup (a new chat id): the group's calls, settings and profiles follow it."""
    message = update.effective_message
    if message is None or message.migrate_from_chat_id is None:
        return
    chat = message.chat
    context.runtime.members.forget_chat(message.migrate_from_chat_id)
    await context.runtime.db.groups.move(message.migrate_from_chat_id, chat.id, chat.type, chat.title)


async def on_chat_member(update: Update, context: BotContext) -> None:
    """Someone joined, left, was removed or promoted: what was cached about them is forgotten at once."""
    change = update.chat_member
    if change is not None:
        context.runtime.members.forget(change.chat.id, change.new_chat_member.user.id)
