"""/speakers: talk time and a sample quote per speaker; a button, then a text message, renames one, and a name
heard in the call is applied with one tap."""

from __future__ import annotations

import asyncio
import logging
import weakref
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode, ReactionEmoji
from telegram.error import TelegramError

from bot.buttons.menus import Press, pressed_call, speakers_keyboard
from bot.buttons.name_buttons import name_rows, with_names
from bot.context import BotContext
from bot.delivery.summary_messages import SummaryMessages
from bot.handlers.call_scope import show_active_call, show_pressed_call
from bot.names.finder import offers
from bot.names.heard import FORBIDDEN, NAME_CHARS
from bot.summaries.renaming import rename_in_summary
from bot.texts import Texts
from bot.users.awaited_inputs import AwaitedInput
from bot.views.calls_view import call_title, speaker_lines
from bot.views.heard_names import heard_lines
from bot.views.html_messages import pack
from bot.views.speaker_names import SpeakerNames
from bot.voices.recognition import VoiceRecognition
from database import Call

log = logging.getLogger(__name__)
# renames of one call run one at a time: each reads the summary, renames in it and stores it (two quick taps)
_renaming: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

@dataclass(frozen=True, slots=True)
class Renamed:
    old: str  # what the speaker was called
    summary_edited: bool | None  # None: the call has no summary; False: it was sent anew


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


async def on_speakers_button(press: Press, context: BotContext) -> None:
    """The speakers of the call the button names."""
    await show_pressed_call(press, context, send_speakers)


async def on_rename_speaker(press: Press, context: BotContext) -> None:
    """Ask for the new name of the speaker the button names (the next text message)."""
    call = await pressed_call(context.runtime.db, press)
    if call is None or press.message is None:
        return
    speakers = await context.runtime.db.transcripts.speakers(call.user_id, call.id)
    index = press.argument_id
    if index is None or index >= len(speakers):
        await press.query.answer(press.texts.not_your_call, show_alert=True)
        return
    speaker = speakers[index]
    context.runtime.awaited.expect(press.user.id, AwaitedInput("speaker", call.id, speaker.label))
    await press.query.answer()
    await press.message.reply_text(press.texts.rename_speaker_prompt.format(name=speaker.name))


async def rename_speaker(context: BotContext, call: Call, label: str, name: str, texts: Texts) -> Renamed | None:
    """Rename the speaker and edit the summary already in the chat in place (or send it anew when it cannot be
    edited); ``None`` when the call has no such speaker."""
    async with _renaming.setdefault(call.id, asyncio.Lock()):
        return await _rename(context, call, label, name, texts)


async def _rename(context: BotContext, call: Call, label: str, name: str, texts: Texts) -> Renamed | None:
    db = context.runtime.db
    call = await db.calls.get(call.user_id, call.id) or call  # as the rename before this one left it
    names = SpeakerNames.of_speakers(await db.transcripts.speakers(call.user_id, call.id), "?")
    if not await db.transcripts.rename_speaker(call.user_id, call.id, label, name):
        return None
    voices = VoiceRecognition(db, context.runtime.settings.voice_match_threshold)
    await voices.learn(call.user_id, call.id, label, name)  # the person's profile learns the voice
    old = names.name(label)
    summary = await rename_in_summary(db, call, old, name)
    if summary is None:
        return Renamed(old, None)
    shown = SummaryMessages(context.bot, db, context.runtime.settings.miniapp_url)
    if await shown.edit(call, summary, texts):
        return Renamed(old, True)
    await shown.send(call, summary, texts)
    return Renamed(old, False)


async def apply_speaker_name(
    context: BotContext, message: Message, user_id: int, awaited: AwaitedInput, texts: Texts
) -> None:
    """Rename the speaker; 👌 on the name says the summary was edited in place. Nothing else is sent again."""
    svc, name = context.runtime, " ".join((message.text or "").split())
    if not name or len(name) > NAME_CHARS or any(mark in name for mark in FORBIDDEN):
        svc.awaited.expect(user_id, awaited)
        await message.reply_text(texts.name_invalid)
        return
    call = await svc.db.calls.get(user_id, awaited.call_id)
    renamed = await rename_speaker(context, call, awaited.label or "", name, texts) if call else None
    if renamed is None:
        await message.reply_text(texts.not_your_call)
    elif renamed.summary_edited is None:
        await message.reply_text(texts.speaker_renamed.format(old=renamed.old, new=name))
    elif renamed.summary_edited:
        await message.set_reaction(ReactionEmoji.OK_HAND_SIGN)


async def on_name_suggestion(press: Press, context: BotContext) -> None:
    """Apply a name heard in the call to its speaker: as a typed name would be, but with one tap."""
    db = context.runtime.db
    call = await pressed_call(db, press)
    if call is None:
        return
    offer = next((o for o in await offers(db, call) if o.suggestion.id == press.argument_id), None)
    heard = offer.suggestion if offer else None
    renamed = await rename_speaker(context, call, heard.label, heard.name, press.texts) if heard else None
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
    return any(str(button.callback_data or "").startswith("spk:") for row in rows for button in row)


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
