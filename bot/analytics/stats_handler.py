"""/stats: the key numbers of the active call in chat, with the button that opens it in the Mini App."""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ParseMode

from bot.analytics.stats_view import stats_lines
from bot.analytics.talk import talk_stats
from bot.buttons.open_call import with_open_call
from bot.shared.call_scope import show_active_call
from bot.shared.call_titles import call_title
from bot.shared.context import BotContext
from bot.shared.html_lines import pack
from bot.shared.speaker_names import SpeakerNames
from bot.texts import Texts
from database import Call


async def send_stats(context: BotContext, message: Message, call: Call, texts: Texts) -> None:
    db, miniapp_url = context.runtime.db, context.runtime.settings.miniapp_url
    segments = await db.transcripts.segments(call.user_id, call.id, with_words=True)
    if not segments:
        await message.reply_text(texts.no_transcript)
        return
    names = SpeakerNames.of_speakers(await db.transcripts.speakers(call.user_id, call.id), texts.speaker)
    stats = talk_stats(segments, call.duration)
    parts = pack(stats_lines(stats, names, texts, call_title(call), open_hint=miniapp_url is not None))
    for i, part in enumerate(parts, start=1):
        keyboard = with_open_call(None, context.runtime.opener, call, texts) if i == len(parts) else None
        await message.reply_text(part, parse_mode=ParseMode.HTML, reply_markup=keyboard)


async def on_stats(update: Update, context: BotContext) -> None:
    """/stats: talk time, talk/listen, longest monologue, pace, questions and interruptions per speaker."""
    await show_active_call(update, context, send_stats)
