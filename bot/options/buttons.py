"""Buttons of the user's choices: /options (transcription defaults), /language and /template.

:class:`ChooseOption` sets a default (or ``ask``: the next text message gives it); :class:`ChooseLanguage` the bot's
language; :class:`ChooseTemplate` the summary template, with the standing instructions written or cleared.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Annotated

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons.codec import Button, Choices, button, encode
from bot.buttons.inline import labelled
from bot.summaries.templates import TEMPLATE_KEYS
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

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)

    option: OptionKey
    value: str


def _option(text: str, option: OptionKey, value: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(ChooseOption(option, value)))


def options_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    t, s, lang, v = texts.options, OptionKey.SPEAKERS, OptionKey.LANGUAGE, OptionKey.VOCABULARY
    counts = [_option(str(n), s, str(n)) for n in COUNTS]
    return InlineKeyboardMarkup(
        [
            [_option(f"👥 {t.auto}", s, "auto"), *counts],
            [_option(t.button_speakers_write, s, "ask")],
            [
                _option(t.button_language_auto, lang, "auto"),
                _option("English", lang, "en"),
                _option("Русский", lang, "ru"),
            ],
            [_option(t.button_language_write, lang, "ask")],
            [_option(t.button_vocabulary_write, v, "ask"), _option(t.button_vocabulary_clear, v, "clear")],
        ]
    )


AUTO_TEMPLATE = "auto"


class LanguageChoice(enum.StrEnum):
    """The bot's language: English, Russian, or as the user's Telegram is set."""

    EN = "en"
    RU = "ru"
    AUTO = "auto"


@button("lg")
@dataclass(frozen=True)
class ChooseLanguage(Button):
    """Set the bot's language."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)

    language: LanguageChoice


@button("tp")
@dataclass(frozen=True)
class ChooseTemplate(Button):
    """The summary template for the next summaries, or ``auto`` (the detected kind of call)."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)

    template: Annotated[str, Choices((AUTO_TEMPLATE, *TEMPLATE_KEYS))]


@button("tw")
@dataclass(frozen=True)
class WriteInstructions(Button):
    """Ask for the standing instructions (the next text message)."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)


@button("tx")
@dataclass(frozen=True)
class ClearInstructions(Button):
    """Clear the standing instructions."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)


def language_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                labelled("English", ChooseLanguage(LanguageChoice.EN)),
                labelled("Русский", ChooseLanguage(LanguageChoice.RU)),
            ],
            [labelled(texts.button_language_auto, ChooseLanguage(LanguageChoice.AUTO))],
        ]
    )


def template_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    """Auto and every template, two per row, then writing or clearing the standing instructions."""
    buttons = [labelled(texts.template_auto, ChooseTemplate(AUTO_TEMPLATE))]
    buttons += [labelled(texts.call_kind(key), ChooseTemplate(key)) for key in TEMPLATE_KEYS]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(
        [
            labelled(texts.button_template_write, WriteInstructions()),
            labelled(texts.button_template_clear, ClearInstructions()),
        ]
    )
    return InlineKeyboardMarkup(rows)
