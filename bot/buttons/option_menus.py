"""Keyboards of /options (the user's transcription defaults) and of "Wrong speakers?" (how many there are).

Callback data as in bot.buttons.menus: ``opt:0:<s|l|v>-<value>`` for the defaults, ``rediar:<call id>`` to ask for
the count and ``rediarn:<call id>:<count|auto>`` to find the call's speakers again.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.texts import Texts

COUNTS = tuple(range(1, 7))  # the buttons; /options and captions take up to 10 and ranges
AUTO = "auto"


def options_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    t = texts.options
    counts = [InlineKeyboardButton(str(n), callback_data=f"opt:0:s-{n}") for n in COUNTS]
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(f"👥 {t.auto}", callback_data="opt:0:s-auto"), *counts],
            [InlineKeyboardButton(t.button_speakers_write, callback_data="opt:0:s-ask")],
            [
                InlineKeyboardButton(t.button_language_auto, callback_data="opt:0:l-auto"),
                InlineKeyboardButton("English", callback_data="opt:0:l-en"),
                InlineKeyboardButton("Русский", callback_data="opt:0:l-ru"),
            ],
            [InlineKeyboardButton(t.button_language_write, callback_data="opt:0:l-ask")],
            [
                InlineKeyboardButton(t.button_vocabulary_write, callback_data="opt:0:v-ask"),
                InlineKeyboardButton(t.button_vocabulary_clear, callback_data="opt:0:v-clear"),
            ],
        ]
    )


def wrong_speakers_row(call_id: int, texts: Texts) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(texts.options.button_wrong_speakers, callback_data=f"rediar:{call_id}")]


def speaker_count_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    counts = [InlineKeyboardButton(str(n), callback_data=f"rediarn:{call_id}:{n}") for n in COUNTS]
    auto = InlineKeyboardButton(texts.options.button_count_auto, callback_data=f"rediarn:{call_id}:{AUTO}")
    return InlineKeyboardMarkup([counts[:3], counts[3:], [auto]])
