"""The answers to "🔊 Speaker 1 is Ivan. Right?": yes keeps the name and teaches the profile the voice; no takes
the name away and remembers the voice as not that person's."""

from __future__ import annotations

from bot.buttons.press import CallPress
from bot.shared.context import BotContext
from bot.shared.speaker_names import default_name, voice_named
from bot.speakers.voice_buttons import AnswerVoice


async def on_voice_answer(press: CallPress[AnswerVoice], context: BotContext) -> None:
    """✅ or ❌ under a voice question of one of the user's calls."""
    db, call, answer = context.runtime.db, press.call, press.button
    yes = answer.yes
    voice = await db.voices.answer(call.user_id, call.id, answer.label, answer.person_id, yes=yes)
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
