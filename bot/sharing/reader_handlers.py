"""The reader's side of sharing: opening a link (/start <token>), then the shared call's summary, transcript,
picture and questions — each press checked by ``CallSharing.call_for_reader``, so a revoked or expired link stops
at once. Nothing here changes the call, and questions leave no trace in the owner's conversation."""

from __future__ import annotations

from typing import TypeVar

from telegram import Message, Update
from telegram.constants import ChatAction, ChatType, ParseMode

from bot.buttons.press import Press
from bot.exports.call_files import export_file, talk_time_picture
from bot.questions.view import answer_messages
from bot.shared.awaited_inputs import AwaitedInput
from bot.shared.call_titles import call_title
from bot.shared.context import BotContext
from bot.shared.sender import user_texts
from bot.sharing.buttons import (
    AskShared,
    SharedCallButton,
    SharedExport,
    SharedFormats,
    SharedPicture,
    SharedSummary,
    reader_formats_keyboard,
    reader_keyboard,
)
from bot.sharing.service import Opening
from bot.summaries.summary import Summary
from bot.summaries.view import render_summary
from bot.texts import Texts
from database import Call

S = TypeVar("S", bound=SharedCallButton)


async def open_link(update: Update, context: BotContext, token: str) -> None:
    """/start <token>: access to the shared call and its summary, or why the link does not open."""
    found, message = await user_texts(context.runtime.db, update), update.effective_message
    if found is None or message is None:
        return
    user, texts = found
    if message.chat.type != ChatType.PRIVATE:  # a group would see what only the opener is given
        await message.reply_text(texts.sharing.link_private_only)
        return
    opened = await context.runtime.sharing.open(user.id, token)
    if opened.outcome is Opening.GRANTED and opened.call is not None and opened.share is not None:
        await message.reply_text(texts.sharing.opened.format(title=call_title(opened.call)))
        await _send_summary(context, message, opened.call, opened.share.id, texts)
        return
    refusals = {
        Opening.UNKNOWN: texts.sharing.link_unknown,
        Opening.EXPIRED: texts.sharing.link_expired,
        Opening.REVOKED: texts.sharing.link_revoked,
    }
    if opened.outcome is Opening.OWN and opened.call is not None:
        await message.reply_text(texts.sharing.link_own.format(title=call_title(opened.call)))
    else:
        await message.reply_text(refusals.get(opened.outcome, texts.sharing.link_unknown))


async def _reading(press: Press[S], context: BotContext) -> tuple[Call, Message] | None:
    """The shared call a reader's button names, while the link gives them access; refused (alert) otherwise."""
    call = await context.runtime.sharing.call_for_reader(press.user.id, press.button.share_id)
    if call is None or press.message is None:
        await press.query.answer(press.texts.sharing.no_access, show_alert=True)
        return None
    await press.query.answer()
    return call, press.message


async def _send_summary(context: BotContext, message: Message, call: Call, share_id: int, texts: Texts) -> None:
    """The stored summary, headed by the call's title, with what the reader may do under its last part."""
    stored = await context.runtime.db.summaries.get(call.user_id, call.id)
    keyboard = reader_keyboard(share_id, texts)
    if stored is None:
        await message.reply_text(texts.sharing.no_summary, reply_markup=keyboard)
        return
    parts = render_summary(Summary.model_validate_json(stored.content), texts, call_title(call))
    for i, part in enumerate(parts, start=1):
        markup = keyboard if i == len(parts) else None
        await message.reply_text(part, parse_mode=ParseMode.HTML, reply_markup=markup)


async def on_summary(press: Press[SharedSummary], context: BotContext) -> None:
    """The shared call's summary."""
    if reading := await _reading(press, context):
        await _send_summary(context, reading[1], reading[0], press.button.share_id, press.texts)


async def on_formats(press: Press[SharedFormats], context: BotContext) -> None:
    """Offer the shared call's transcript formats."""
    if reading := await _reading(press, context):
        text = press.texts.sharing.transcript_choose.format(title=call_title(reading[0]))
        await reading[1].reply_text(text, reply_markup=reader_formats_keyboard(press.button.share_id))


async def on_export(press: Press[SharedExport], context: BotContext) -> None:
    """The shared call's transcript in the chosen format, with the owner's speaker names."""
    if reading := await _reading(press, context):
        call, message = reading
        await message.reply_chat_action(ChatAction.UPLOAD_DOCUMENT)
        exported = await export_file(context.runtime.db, call, press.button.fmt, press.texts)
        if exported is None:
            await message.reply_text(press.texts.no_transcript)
            return
        await message.reply_document(exported[1], filename=exported[0], caption=press.texts.transcript_caption)


async def on_picture(press: Press[SharedPicture], context: BotContext) -> None:
    """The shared call's talk-time picture."""
    if reading := await _reading(press, context):
        call, message = reading
        picture = await talk_time_picture(context.runtime.db, call, press.texts)
        if picture is None:
            await message.reply_text(press.texts.no_transcript)
            return
        await message.reply_photo(picture, caption=press.texts.picture_caption.format(title=call_title(call)))


async def on_ask(press: Press[AskShared], context: BotContext) -> None:
    """Take the reader's next text message as a question about the shared call."""
    if reading := await _reading(press, context):
        context.runtime.awaited.expect(press.user.id, AwaitedInput("shared", press.button.share_id))
        await reading[1].reply_text(press.texts.sharing.ask_prompt.format(title=call_title(reading[0])))


async def apply_shared_question(
    context: BotContext, message: Message, user_id: int, awaited: AwaitedInput, texts: Texts
) -> None:
    """Answer the question about the shared call, if the link still gives access (``awaited.call_id`` is the
    link's id)."""
    call = await context.runtime.sharing.call_for_reader(user_id, awaited.call_id)
    if call is None:
        await message.reply_text(texts.sharing.no_access)
        return
    context.application.create_task(_answer(context, message, call, awaited.call_id, texts))


async def _answer(context: BotContext, message: Message, call: Call, share_id: int, texts: Texts) -> None:
    await message.reply_chat_action(ChatAction.TYPING)
    reply = await context.runtime.questions.ask_call(call, message.text or "", texts.speaker, remember=False)
    parts = answer_messages(reply, texts)
    for i, part in enumerate(parts, start=1):
        markup = reader_keyboard(share_id, texts) if i == len(parts) else None
        await message.reply_text(part, parse_mode=ParseMode.HTML, reply_markup=markup)
