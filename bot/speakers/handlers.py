"""/speakers: talk time and a sample quote per speaker; a button, then a text message, renames one, and a name
heard in the call is applied with one tap."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode, ReactionEmoji
from telegram.error import TelegramError

from bot.buttons.codec import ButtonRefused, decode
from bot.buttons.press import CallPress
from bot.shared.awaited_inputs import AwaitedInput
from bot.shared.call_scope import show_active_call, show_pressed_call
from bot.shared.call_titles import call_title
from bot.shared.context import BotContext
from bot.shared.html_lines import pack
from bot.shared.speaker_names import speaker_name
from bot.speakers.buttons import RenameSpeaker, ShowSpeakers, speakers_keyboard
from bot.speakers.heard_names import heard_lines
from bot.speakers.name_buttons import ApplyHeardName, name_rows, with_names
from bot.speakers.names.finder import offers
from bot.speakers.names.valid_names import typed_name
from bot.speakers.view import speaker_lines
from bot.texts import Texts
from database import Call, NamedBy

log = logging.getLogger(__name__)


async def speakers_view(context: BotContext, call: Call, texts: Texts) -> tuple[list[str], InlineKeyboardMarkup]:
    """The speakers view's messages (empty for a call without speakers) and the keyboard of the last one."""
    db = context.runtime.db
    speakers = await db.transcripts.speakers(call.user_id, call.id)
    if not speakers:
        return [], InlineKeyboardMarkup([])
    segments = await db.transcripts.segments(call.user_id, call.id)
    offered = await offers(db, call)
    parts = pack(speaker_lines(speakers, segments, texts, call_title(call)) + heard_lines(offered, texts))
    keyboard = with_names(speakers_keyboard(call.id, speakers, texts), name_rows(call.id, offered, texts))
    return parts, keyboard or InlineKeyboardMarkup([])


async def send_speakers(context: BotContext, message: Message, call: Call, texts: Texts) -> None:
    parts, keyboard = await speakers_view(context, call, texts)
    if not parts:
        await message.reply_text(texts.no_transcript)
    for i, part in enumerate(parts, start=1):
        await message.reply_text(part, parse_mode=ParseMode.HTML, reply_markup=keyboard if i == len(parts) else None)


async def on_speakers(update: Update, context: BotContext) -> None:
    """/speakers of the active call, with a rename button per speaker."""
    await show_active_call(update, context, send_speakers)


async def on_speakers_button(press: CallPress[ShowSpeakers], context: BotContext) -> None:
    """The speakers of the call the button names."""
    await show_pressed_call(press, context, send_speakers)


async def on_rename_speaker(press: CallPress[RenameSpeaker], context: BotContext) -> None:
    """Ask for the new name of the speaker the button names (the next text message)."""
    call = press.call
    if press.message is None:
        return
    speakers = await context.runtime.db.transcripts.speakers(call.user_id, call.id)
    index = press.button.index
    if index >= len(speakers):
        await press.query.answer(press.texts.not_your_call, show_alert=True)
        return
    speaker = speakers[index]
    context.runtime.awaited.expect(press.user.id, AwaitedInput("speaker", call.id, speaker.label))
    await press.query.answer()
    name = speaker_name(speaker, press.texts.speaker)
    await press.message.reply_text(press.texts.rename_speaker_prompt.format(name=name))


async def apply_speaker_name(
    context: BotContext, message: Message, user_id: int, awaited: AwaitedInput, texts: Texts
) -> None:
    """Rename the speaker; 👌 on the name says the summary was edited in place. Nothing else is sent again."""
    svc, name = context.runtime, typed_name(message.text)
    if name is None:
        svc.awaited.expect(user_id, awaited)
        await message.reply_text(texts.name_invalid)
        return
    call = await svc.db.calls.get(user_id, awaited.call_id)
    renamed = await svc.speakers.rename(call, awaited.label or "", name, NamedBy.USER, texts) if call else None
    if renamed is None:
        await message.reply_text(texts.not_your_call)
    elif renamed.summary_edited is None:
        await message.reply_text(texts.speaker_renamed.format(old=renamed.old, new=name))
    elif renamed.summary_edited:
        await message.set_reaction(ReactionEmoji.OK_HAND_SIGN)


async def on_name_suggestion(press: CallPress[ApplyHeardName], context: BotContext) -> None:
    """Apply a name heard in the call to its speaker: as a typed name would be, but with one tap."""
    db, call = context.runtime.db, press.call
    offer = next((o for o in await offers(db, call) if o.suggestion.id == press.button.suggestion_id), None)
    heard = offer.suggestion if offer else None
    renaming = context.runtime.speakers
    renamed = await renaming.rename(call, heard.label, heard.name, NamedBy.CONVERSATION, press.texts) if heard else None
    if heard is None or renamed is None:
        await press.query.answer(press.texts.name_gone, show_alert=True)
        return
    await db.names.remove(call.user_id, call.id, heard.id)
    await press.query.answer(press.texts.speaker_renamed.format(old=renamed.old, new=heard.name))
    if press.message is not None and _is_speakers_view(press.message):
        await _refresh_speakers_view(context, press.message, call, press.texts)


def _is_speakers_view(message: Message) -> bool:
    markup = message.reply_markup
    rows = markup.inline_keyboard if markup is not None else ()
    return any(_is_rename_speaker(str(button.callback_data or "")) for row in rows for button in row)


def _is_rename_speaker(data: str) -> bool:
    try:
        return isinstance(decode(data), RenameSpeaker)
    except ButtonRefused:
        return False


async def _refresh_speakers_view(context: BotContext, message: Message, call: Call, texts: Texts) -> None:
    """Show the new name in the speakers view the button was under (its text too when it is one message)."""
    parts, keyboard = await speakers_view(context, call, texts)
    try:
        if len(parts) == 1:
            await message.edit_text(parts[0], parse_mode=ParseMode.HTML, reply_markup=keyboard)
        else:
            await message.edit_reply_markup(reply_markup=keyboard)
    except TelegramError as exc:  # the view is old or gone: the name is applied all the same
        log.info("speakers view of call %s not refreshed: %s", call.id, exc)
