"""/speakers: talk time and a sample quote per speaker; a button, then a text message, renames one."""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ParseMode, ReactionEmoji

from bot.buttons.menus import Press, pressed_call, speakers_keyboard
from bot.context import BotContext
from bot.delivery.summary_messages import SummaryMessages
from bot.handlers.call_scope import show_active_call, show_pressed_call
from bot.summaries.renaming import rename_in_summary
from bot.texts import Texts
from bot.users.awaited_inputs import AwaitedInput
from bot.views.calls_view import call_title, speaker_lines
from bot.views.html_messages import pack
from bot.views.speaker_names import SpeakerNames
from bot.voices.recognition import VoiceRecognition
from database import Call

NAME_CHARS = 60
FORBIDDEN = ("[", "]", "·")  # they would break [mm:ss · Speaker] citations


async def send_speakers(context: BotContext, message: Message, call: Call, texts: Texts) -> None:
    db = context.runtime.db
    speakers = await db.transcripts.speakers(call.user_id, call.id)
    if not speakers:
        await message.reply_text(texts.no_transcript)
        return
    segments = await db.transcripts.segments(call.user_id, call.id)
    parts = pack(speaker_lines(speakers, segments, texts, call_title(call)))
    for i, part in enumerate(parts, start=1):
        keyboard = speakers_keyboard(call.id, speakers, texts) if i == len(parts) else None
        await message.reply_text(part, parse_mode=ParseMode.HTML, reply_markup=keyboard)


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
    index = int(press.argument or -1)
    if not 0 <= index < len(speakers):
        await press.query.answer(press.texts.not_your_call, show_alert=True)
        return
    speaker = speakers[index]
    context.runtime.awaited.expect(press.user.id, AwaitedInput("speaker", call.id, speaker.label))
    await press.query.answer()
    await press.message.reply_text(press.texts.rename_speaker_prompt.format(name=speaker.name))


async def apply_speaker_name(
    context: BotContext, message: Message, user_id: int, awaited: AwaitedInput, texts: Texts
) -> None:
    """Rename the speaker; the summary already in the chat is edited in place (👌 on the name says it is done),
    or sent anew when it cannot be edited. Nothing else is sent again."""
    svc, name = context.runtime, " ".join((message.text or "").split())
    if not name or len(name) > NAME_CHARS or any(mark in name for mark in FORBIDDEN):
        svc.awaited.expect(user_id, awaited)
        await message.reply_text(texts.name_invalid)
        return
    names = SpeakerNames.of_speakers(await svc.db.transcripts.speakers(user_id, awaited.call_id), "?")
    call = await svc.db.calls.get(user_id, awaited.call_id)
    if call is None or not await svc.db.transcripts.rename_speaker(user_id, call.id, awaited.label or "", name):
        await message.reply_text(texts.not_your_call)
        return
    voices = VoiceRecognition(svc.db, svc.settings.voice_match_threshold)
    await voices.learn(user_id, call.id, awaited.label or "", name)  # the person's profile learns the voice
    old = names.name(awaited.label)
    summary = await rename_in_summary(svc.db, call, old, name)
    if summary is None:
        await message.reply_text(texts.speaker_renamed.format(old=old, new=name))
        return
    shown = SummaryMessages(context.bot, svc.db, svc.settings.webapp_url)
    if await shown.edit(call, summary, texts):
        await message.set_reaction(ReactionEmoji.OK_HAND_SIGN)
    else:
        await shown.send(call, summary, texts)
