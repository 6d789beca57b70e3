"""Thin, typed PTB handlers; ``register`` adds them all to the application."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, TypeHandler, filters

from bot.chat.keyboards import CALLBACK_PATTERN
from bot.context import BotApplication
from bot.handlers.access import guard
from bot.handlers.call_buttons import on_call_button
from bot.handlers.errors import on_error
from bot.handlers.recordings import on_other_message, on_recording
from bot.handlers.start import on_start

RECORDINGS = filters.VOICE | filters.AUDIO | filters.VIDEO | filters.VIDEO_NOTE | filters.Document.ALL


def register(application: BotApplication) -> None:
    application.add_handler(TypeHandler(Update, guard), group=-1)
    application.add_handler(CommandHandler(["start", "help"], on_start))
    application.add_handler(MessageHandler(RECORDINGS, on_recording))
    application.add_handler(CallbackQueryHandler(on_call_button, pattern=CALLBACK_PATTERN))
    application.add_handler(MessageHandler(filters.ALL & ~filters.COMMAND, on_other_message))
    application.add_error_handler(on_error)
