"""After a call is delivered: one question per speaker the bot named by voice (or wants to ask about)."""

from __future__ import annotations

from telegram import Bot

from bot.shared.speaker_names import default_name
from bot.speakers.voice_buttons import check_keyboard, checkable
from bot.speakers.voices.recognition import open_questions
from bot.texts import Texts
from database import Call, Database


async def send_voice_checks(bot: Bot, db: Database, call: Call, texts: Texts) -> None:
    """ "🔊 Speaker 1 is Ivan. Right?" with ✅ / ❌ for each speaker recognised by voice in ``call``."""
    for voice in await open_questions(db, call):
        if voice.person_id is None or voice.person_name is None or not checkable(voice.label):
            continue
        template = texts.voices.check_ask if voice.match == "ask" else texts.voices.check_named
        await bot.send_message(
            call.chat_id,
            template.format(plain=default_name(voice.number, texts.speaker), name=voice.person_name),
            reply_markup=check_keyboard(call.id, voice.label, voice.person_id, voice.person_name, texts.voices),
            message_thread_id=call.thread_id,
        )
