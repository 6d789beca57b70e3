"""/delete: one call or all the user's data, always after a confirmation."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.buttons.press import CallPress, Press
from bot.deletion.buttons import (
    DeleteAll,
    DeleteAllConfirmed,
    DeleteCall,
    DeleteCallConfirmed,
    Keep,
    confirm_keyboard,
    delete_keyboard,
)
from bot.shared.call_titles import call_title
from bot.shared.context import BotContext
from bot.shared.sender import active_call, user_texts


async def on_delete(update: Update, context: BotContext) -> None:
    """/delete: offer the active call or all data."""
    found, message = await user_texts(context.runtime.db, update), update.effective_message
    if found is None or message is None:
        return
    user, texts = found
    call = await active_call(context.runtime.db, user)
    if call is None:
        await message.reply_text(texts.delete_confirm_all, reply_markup=confirm_keyboard(DeleteAllConfirmed(), texts))
        return
    await message.reply_text(
        texts.delete_choose.format(title=call_title(call)), reply_markup=delete_keyboard(call.id, texts)
    )


async def on_delete_button(press: CallPress[DeleteCall], context: BotContext) -> None:
    """Ask to confirm deleting the call the button names."""
    await press.query.answer()
    text = press.texts.delete_confirm_call.format(title=call_title(press.call))
    markup = confirm_keyboard(DeleteCallConfirmed(press.call.id), press.texts)
    await press.query.edit_message_text(text, reply_markup=markup)


async def on_delete_confirmed(press: CallPress[DeleteCallConfirmed], context: BotContext) -> None:
    """Delete the call with its transcript, summary, questions and its data on the transcription service."""
    call = press.call
    await context.runtime.calls.forget(call)
    context.runtime.awaited.clear(press.user.id)
    await press.query.answer()
    await press.query.edit_message_text(press.texts.deleted_call.format(title=call_title(call)))


async def on_delete_all_button(press: Press[DeleteAll], context: BotContext) -> None:
    """Ask to confirm deleting all the user's data."""
    await press.query.answer()
    markup: InlineKeyboardMarkup = confirm_keyboard(DeleteAllConfirmed(), press.texts)
    await press.query.edit_message_text(press.texts.delete_confirm_all, reply_markup=markup)


async def on_delete_all_confirmed(press: Press[DeleteAllConfirmed], context: BotContext) -> None:
    """Delete every call and the user's settings."""
    await context.runtime.calls.forget_user(press.user.id)
    context.runtime.awaited.clear(press.user.id)
    await press.query.answer()
    await press.query.edit_message_text(press.texts.deleted_all)


async def on_keep(press: Press[Keep], context: BotContext) -> None:
    """The user changed their mind."""
    await press.query.answer()
    await press.query.edit_message_text(press.texts.kept)
