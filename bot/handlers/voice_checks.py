"""The answers to "🔊 Speaker 1 is Ivan. Right?": yes keeps the name and teaches the profile the voice; no takes
the name away and remembers the voice as not that person's."""

from __future__ import annotations

from bot.buttons.button_data import id_of
from bot.buttons.menus import Press, pressed_call
from bot.context import BotContext
from bot.delivery.summary_messages import SummaryMessages
from bot.summaries.renaming import rename_in_summary
from bot.voices.recognition import voice_named
from database import Call


async def on_voice_answer(press: Press, context: BotContext) -> None:
    """✅ or ❌ under a voice question of one of the user's calls."""
    db = context.runtime.db
    call = await pressed_call(db, press)
    label, _, person = (press.argument or "").rpartition(".")
    if call is None:
        return
    yes, person_id = press.action == "vy", id_of(person)
    voice = await db.voices.answer(call.user_id, call.id, label, person_id, yes=yes) if person_id is not None else None
    if voice is None or voice.person_name is None:
        await press.query.answer(press.texts.voices.question_gone, show_alert=True)
        return
    await press.query.answer()
    shown_before = voice_named(voice.person_name) if voice.match == "voice" else voice.plain_name
    await _renamed_in_summary(context, call, shown_before, voice.person_name if yes else voice.plain_name, press)
    done = press.texts.voices.confirmed if yes else press.texts.voices.rejected
    await press.query.edit_message_text(done.format(plain=voice.plain_name, name=voice.person_name))


async def _renamed_in_summary(context: BotContext, call: Call, old: str, new: str, press: Press) -> None:
    """The summary in the chat follows the speaker's new name (edited in place, else sent again)."""
    if old == new:
        return
    svc = context.runtime
    summary = await rename_in_summary(svc.db, call, old, new)
    if summary is None:
        return
    shown = SummaryMessages(context.bot, svc.db, svc.settings.miniapp_url)
    fresh = await svc.db.calls.get(call.user_id, call.id) or call
    if not await shown.edit(fresh, summary, press.texts):
        await shown.send(fresh, summary, press.texts)
