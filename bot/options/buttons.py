"""Keyboards of /options (the user's transcription defaults) and of "Wrong speakers?" (how many there are).

Buttons: :class:`ChooseOption` (a default, or ``ask`` for the next text message), :class:`AskSpeakerCount` for a
call, then :class:`FindSpeakers` with the count (None: auto) to find the call's speakers again.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons.codec import Button, CallButton, button, encode
from bot.texts import Texts

COUNTS = tuple(range(1, 7))  # the buttons; /options and captions take up to 10 and ranges


class OptionKey(enum.StrEnum):
    """Which default a /options button sets."""

    SPEAKERS = "s"
    LANGUAGE = "l"
    VOCABULARY = "v"


@button("op")
@dataclass(frozen=True)
class ChooseOption(Button):
    """Set a default: ``value`` as a caption writes it (``3``, ``auto``, ``en``), ``clear``, or ``ask`` (a prompt)."""

    option: OptionKey
    value: str


@button("rd")
@dataclass(frozen=True)
class AskSpeakerCount(CallButton):
    """"👥 Wrong speakers?": ask how many people speak in the call."""


@button("rc")
@dataclass(frozen=True)
class FindSpeakers(CallButton):
    """Find the call's speakers again, ``count`` of them (None: as many as the service finds)."""

    count: int | None


def _option(text: str, option: OptionKey, value: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(ChooseOption(option, value)))


def options_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    t, s, lang, v = texts.options, OptionKey.SPEAKERS, OptionKey.LANGUAGE, OptionKey.VOCABULARY
    counts = [_option(str(n), s, str(n)) for n in COUNTS]
    return InlineKeyboardMarkup(
        [
            [_option(f"👥 {t.auto}", s, "auto"), *counts],
            [_option(t.button_speakers_write, s, "ask")],
            [_option(t.button_language_auto, lang, "auto"), _option("English", lang, "en"),
             _option("Русский", lang, "ru")],
            [_option(t.button_language_write, lang, "ask")],
            [_option(t.button_vocabulary_write, v, "ask"), _option(t.button_vocabulary_clear, v, "clear")],
        ]
    )  # fmt: skip


def wrong_speakers_row(call_id: int, texts: Texts) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(texts.options.button_wrong_speakers, callback_data=encode(AskSpeakerCount(call_id)))]


def speaker_count_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    counts = [InlineKeyboardButton(str(n), callback_data=encode(FindSpeakers(call_id, n))) for n in COUNTS]
    auto = InlineKeyboardButton(texts.options.button_count_auto, callback_data=encode(FindSpeakers(call_id, None)))
    return InlineKeyboardMarkup([counts[:3], counts[3:], [auto]])
