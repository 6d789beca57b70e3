"""The answers to "🔊 Speaker 1 is Ivan. Right?": yes keeps the name and teaches the profile the voice; no takes
the name away and remembers the voice as not that person's."""

from __future__ import annotations

from bot.buttons.button_data import id_of
from bot.buttons.menus import Press, pressed_call
from bot.context import BotContext
from bot.views.speaker_names import default_name, voice_named


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
    plain = default_name(voice.number, press.texts.speaker)
    shown_before = voice_named(voice.person_name) if voice.match == "voice" else plain
    new = voice.person_name if yes else plain  # the summary in the chat follows (edited in place, else sent again)
    await context.runtime.speakers.follow_in_summary(call, shown_before, new, press.texts)
    done = press.texts.voices.confirmed if yes else press.texts.voices.rejected
    await press.query.edit_message_text(done.format(plain=plain, name=voice.person_name))

