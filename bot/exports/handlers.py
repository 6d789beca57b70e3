"""/transcript in six formats and /picture (talk time), for the active call or the call a button names."""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ChatAction

from bot.buttons.press import CallPress
from bot.exports.buttons import ChooseFormat, ExportTranscript, ShowPicture, formats_keyboard
from bot.exports.call_files import export_file, talk_time_picture
from bot.shared.call_scope import command_call
from bot.shared.call_titles import call_title
from bot.shared.context import BotContext
from bot.texts import Texts
from database import Call


async def on_transcript(update: Update, context: BotContext) -> None:
    """/transcript: pick a format for the active call's transcript."""
    if target := await command_call(update, context):
        message, call, texts = target
        text = texts.transcript_choose.format(title=call_title(call))
        await message.reply_text(text, reply_markup=formats_keyboard(call.id))


async def on_formats_button(press: CallPress[ChooseFormat], context: BotContext) -> None:
    """Offer the formats for the call the button names."""
    if press.message is not None:
        await press.query.answer()
        text = press.texts.transcript_choose.format(title=call_title(press.call))
        await press.message.reply_text(text, reply_markup=formats_keyboard(press.call.id))


async def on_export(press: CallPress[ExportTranscript], context: BotContext) -> None:
    """Send the transcript in the chosen format, with the current speaker names."""
    if press.message is None:
        return
    await press.query.answer()
    sent = _send_export(context, press.message, press.call, press.button.fmt, press.texts)
    context.application.create_task(sent)


async def _send_export(context: BotContext, message: Message, call: Call, fmt: str, texts: Texts) -> None:
    await message.reply_chat_action(ChatAction.UPLOAD_DOCUMENT)
    exported = await export_file(context.runtime.db, call, fmt, texts)
    if exported is None:
        await message.reply_text(texts.no_transcript)
        return
    await message.reply_document(exported[1], filename=exported[0], caption=texts.transcript_caption)


async def _send_picture(context: BotContext, message: Message, call: Call, texts: Texts) -> None:
    await message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
    picture = await talk_time_picture(context.runtime.db, call, texts)
    if picture is None:
        await message.reply_text(texts.no_transcript)
        return
    await message.reply_photo(picture, caption=texts.picture_caption.format(title=call_title(call)))


async def on_picture(update: Update, context: BotContext) -> None:
    """/picture: the talk-time picture of the active call."""
    if target := await command_call(update, context):
        context.application.create_task(_send_picture(context, *target), update=update)


async def on_picture_button(press: CallPress[ShowPicture], context: BotContext) -> None:
    """The talk-time picture of the call the button names."""
    if press.message is not None:
        await press.query.answer()
        context.application.create_task(_send_picture(context, press.message, press.call, press.texts))
