"""Thin, typed PTB handlers; ``register`` adds them all to the application."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.analytics.stats_handler import on_stats
from bot.app.access import guard
from bot.app.error_handler import on_error
from bot.app.menu_buttons import on_button
from bot.app.start import on_start
from bot.app.text_messages import on_any_command, on_text
from bot.calls.handlers import on_calls, on_summary
from bot.deletion.handlers import on_delete
from bot.exports.handlers import on_picture, on_transcript
from bot.groups.arrivals import on_chat_member, on_migrated, on_my_chat_member
from bot.groups.settings import on_settings
from bot.groups.transcribe import on_transcribe
from bot.options.handlers import on_options
from bot.options.language import on_language
from bot.options.templates import on_template
from bot.people.handlers import on_people
from bot.pipeline.recording_handlers import on_other_message, on_recording
from bot.questions.handlers import on_ask, on_search
from bot.shared.context import BotApplication
from bot.sharing.owner_handlers import on_share, on_shared
from bot.speakers.handlers import on_speakers

RECORDINGS = filters.VOICE | filters.AUDIO | filters.VIDEO | filters.VIDEO_NOTE | filters.Document.ALL


def register(application: BotApplication) -> None:
    application.add_handler(TypeHandler(Update, guard), group=-1)
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migrated))  # before anything else
    application.add_handler(CommandHandler(["start", "help"], on_start))
    application.add_handler(MessageHandler(RECORDINGS, on_recording))
    commands = {
        "calls": on_calls,
        "summary": on_summary,
        "speakers": on_speakers,
        "transcript": on_transcript,
        "picture": on_picture,
        "search": on_search,
        "ask": on_ask,
        "delete": on_delete,
        "language": on_language,
        "template": on_template,
        "options": on_options,
        "people": on_people,
        "share": on_share,
        "shared": on_shared,
        "transcribe": on_transcribe,
        "settings": on_settings,
    }
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback))
    application.add_handler(CommandHandler("stats", on_stats))
    application.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(ChatMemberHandler(on_chat_member, ChatMemberHandler.CHAT_MEMBER))
    application.add_handler(CallbackQueryHandler(on_button))  # every button; data no button carries is refused
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    application.add_handler(MessageHandler(filters.ALL & ~filters.COMMAND, on_other_message))
    application.add_handler(MessageHandler(filters.COMMAND, on_any_command), group=-2)  # before anything else
    application.add_error_handler(on_error)
