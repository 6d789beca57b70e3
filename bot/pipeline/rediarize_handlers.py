""" "👥 Wrong speakers?": ask how many people speak, then find the call's speakers again from its kept audio and
stored words (no second transcription); the summary follows as after 🔄 Regenerate."""

from __future__ import annotations

import logging

from bot.buttons.press import CallPress
from bot.options.call_options import MAX_SPEAKERS
from bot.pipeline.rediarizing import AudioGone, Rediarizer
from bot.shared.call_titles import call_title
from bot.shared.context import BotContext
from bot.shared.errors import BotError, TranscriptionStalled
from bot.shared.timecodes import elapsed
from bot.speakers.buttons import AskSpeakerCount, FindSpeakers, speaker_count_keyboard
from bot.texts import Texts
from database import Call

log = logging.getLogger(__name__)


async def on_wrong_speakers(press: CallPress[AskSpeakerCount], context: BotContext) -> None:
    """Ask for the number of speakers."""
    if press.message is None:
        return
    await press.query.answer()
    text = press.texts.options.rediarize_ask.format(title=call_title(press.call))
    await press.message.reply_text(text, reply_markup=speaker_count_keyboard(press.call.id, press.texts))


async def on_speaker_count(press: CallPress[FindSpeakers], context: BotContext) -> None:
    """Start finding the speakers again, when the call's audio is still kept and the call is not busy."""
    call, count = press.call, press.button.count
    valid = count is None or 1 <= count <= MAX_SPEAKERS
    if press.message is None or not valid:
        await press.query.answer(press.texts.not_your_call, show_alert=True)
        return
    rediarizer = context.runtime.rediarizer
    if await rediarizer.audio_of(call) is None:
        await press.query.answer()
        await press.message.reply_text(press.texts.options.rediarize_no_audio)
        return
    if not context.runtime.calls.rediarize(call, lambda: _find(context, rediarizer, call, count, press.texts)):
        await press.query.answer(press.texts.busy, show_alert=True)
        return
    await press.query.answer()
    shown = str(count) if count is not None else press.texts.options.button_count_auto
    await press.query.edit_message_text(press.texts.options.rediarize_started.format(count=shown))


async def _find(context: BotContext, rediarizer: Rediarizer, call: Call, count: int | None, texts: Texts) -> bool:
    """The background part: True when new speakers are stored (the summary is then made again)."""
    t = texts.options
    try:
        found = await rediarizer.run(call, count)
    except AudioGone:
        await context.bot.send_message(call.chat_id, t.rediarize_no_audio, message_thread_id=call.thread_id)
        return False
    except TranscriptionStalled as exc:
        await context.bot.send_message(
            call.chat_id, t.rediarize_stalled.format(stalled=elapsed(exc.stalled_s)), message_thread_id=call.thread_id
        )
        return False
    except BotError as exc:
        log.warning("finding the speakers of call %s again failed: %r", call.id, exc)
        await context.bot.send_message(
            call.chat_id, t.rediarize_failed.format(reason=exc), message_thread_id=call.thread_id
        )
        return False
    if found is None:
        return False
    await context.bot.send_message(call.chat_id, t.rediarize_done.format(count=found), message_thread_id=call.thread_id)
    return True
