"""/settings in a group: automatic mode, who manages the group's calls, deleting all of them (admins only)."""

from __future__ import annotations

from telegram import Update

from bot.buttons.press import Press
from bot.groups.buttons import AUTO_OFF, AUTO_ON, ChangeGroup, settings_keyboard, settings_text
from bot.shared.context import BotContext
from bot.shared.sender import group_chat, user_texts
from database.groups import Managers


async def on_settings(update: Update, context: BotContext) -> None:
    """Show the group's settings with buttons to change them (the guard let only admins through)."""
    message, chat = update.effective_message, group_chat(update)
    found = await user_texts(context.runtime.db, update)
    if message is None or chat is None or found is None:
        return
    group = await context.runtime.db.groups.get(chat.id)
    if group is not None:
        await message.reply_text(settings_text(group, found[1]), reply_markup=settings_keyboard(group, found[1]))


async def on_change_group(press: Press[ChangeGroup], context: BotContext) -> None:
    """Apply the pressed setting and show the settings as they are now."""
    db, chat_id = context.runtime.db, press.user.id  # in a group the owner is the group
    setting = press.button.setting
    if setting in (AUTO_ON, AUTO_OFF):
        await db.groups.set_auto_mode(chat_id, setting == AUTO_ON)
    else:
        await db.groups.set_managers(chat_id, Managers(setting))
    group = await db.groups.get(chat_id)
    await press.query.answer()
    if group is not None and press.message is not None:
        await press.message.edit_text(
            settings_text(group, press.texts), reply_markup=settings_keyboard(group, press.texts)
        )
