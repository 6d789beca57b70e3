"""Inline menus: /calls and a call's actions, exports, speakers, deletion, /language and /template.

Every button is a family of :mod:`bot.buttons.codec`; those that name a call derive from ``CallButton``, so the
call is looked up for the pressing user before the handler runs and a deleted or foreign call is never reached.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons.codec import Button, CallButton, Choices, button, encode
from bot.exports.formats import EXPORT_FORMATS
from bot.options.buttons import wrong_speakers_row
from bot.shared.call_titles import call_title
from bot.shared.speaker_names import speaker_name
from bot.summaries.templates import TEMPLATE_KEYS
from bot.texts import Texts
from database import Call, Speaker

PAGE_SIZE = 6
BUTTON_CHARS = 40
AUTO_TEMPLATE = "auto"


@button("pg")
@dataclass(frozen=True)
class CallsPage(Button):
    """Turn the /calls list to ``page`` (from 0)."""

    page: int


@button("pk")
@dataclass(frozen=True)
class PickCall(CallButton):
    """Make the call active and show what can be done with it."""


@button("rn")
@dataclass(frozen=True)
class RenameCall(CallButton):
    """Ask for the call's new title."""


@button("su")
@dataclass(frozen=True)
class ShowSummary(CallButton):
    """Send the call's summary again."""


@button("rg")
@dataclass(frozen=True)
class RegenerateSummary(CallButton):
    """Summarize the call again."""


@button("tr")
@dataclass(frozen=True)
class ChooseFormat(CallButton):
    """Offer the transcript's formats."""


@button("ex")
@dataclass(frozen=True)
class ExportTranscript(CallButton):
    """Send the transcript in one format."""

    fmt: Annotated[str, Choices(EXPORT_FORMATS)]


@button("pc")
@dataclass(frozen=True)
class ShowPicture(CallButton):
    """Send the talk-time picture."""


@button("sv")
@dataclass(frozen=True)
class ShowSpeakers(CallButton):
    """Show the call's speakers."""


@button("sp")
@dataclass(frozen=True)
class RenameSpeaker(CallButton):
    """Ask for a new name of the call's speaker number ``index`` (from 0, in the call's order)."""

    index: int


@button("dl")
@dataclass(frozen=True)
class DeleteCall(CallButton):
    """Ask to confirm deleting the call."""


@button("dlok")
@dataclass(frozen=True)
class DeleteCallConfirmed(CallButton):
    """Delete the call."""


@button("da")
@dataclass(frozen=True)
class DeleteAll(Button):
    """Ask to confirm deleting all the user's data."""


@button("daok")
@dataclass(frozen=True)
class DeleteAllConfirmed(Button):
    """Delete all the user's data."""


@button("kp")
@dataclass(frozen=True)
class Keep(Button):
    """Keep what a deletion asked about."""


class LanguageChoice(enum.StrEnum):
    """The bot's language: English, Russian, or as the user's Telegram is set."""

    EN = "en"
    RU = "ru"
    AUTO = "auto"


@button("lg")
@dataclass(frozen=True)
class ChooseLanguage(Button):
    """Set the bot's language."""

    language: LanguageChoice


@button("tp")
@dataclass(frozen=True)
class ChooseTemplate(Button):
    """The summary template for the next summaries, or ``auto`` (the detected kind of call)."""

    template: Annotated[str, Choices((AUTO_TEMPLATE, *TEMPLATE_KEYS))]


@button("tw")
@dataclass(frozen=True)
class WriteInstructions(Button):
    """Ask for the standing instructions (the next text message)."""


@button("tx")
@dataclass(frozen=True)
class ClearInstructions(Button):
    """Clear the standing instructions."""


def _button(text: str, pressed: Button) -> InlineKeyboardButton:
    short = text if len(text) <= BUTTON_CHARS else text[: BUTTON_CHARS - 1] + "…"
    return InlineKeyboardButton(short, callback_data=encode(pressed))


def calls_keyboard(calls: Sequence[Call], page: int, pages: int) -> InlineKeyboardMarkup:
    rows = [[_button(call_title(c), PickCall(c.id))] for c in calls]
    nav = [_button("◀", CallsPage(page - 1))] if page > 0 else []
    nav += [_button("▶", CallsPage(page + 1))] if page + 1 < pages else []
    return InlineKeyboardMarkup([*rows, nav] if nav else rows)


def call_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(texts.button_summary, ShowSummary(call_id)),
             _button(texts.button_transcript, ChooseFormat(call_id))],
            [_button(texts.button_speakers, ShowSpeakers(call_id)),
             _button(texts.button_picture, ShowPicture(call_id))],
            [_button(texts.button_rename, RenameCall(call_id)), _button(texts.button_delete, DeleteCall(call_id))],
        ]
    )  # fmt: skip


def regenerate_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.button_regenerate, RegenerateSummary(call_id))]])


def formats_keyboard(call_id: int) -> InlineKeyboardMarkup:
    buttons = [_button(f".{fmt}", ExportTranscript(call_id, fmt)) for fmt in EXPORT_FORMATS]
    return InlineKeyboardMarkup([buttons[:3], buttons[3:]])


def speakers_keyboard(call_id: int, speakers: Sequence[Speaker], texts: Texts) -> InlineKeyboardMarkup:
    rows = [[_button(f"✏️ {speaker_name(s, texts.speaker)}", RenameSpeaker(call_id, i))] for i, s in enumerate(speakers)]
    return InlineKeyboardMarkup(
        [*rows, [_button(texts.button_picture, ShowPicture(call_id))], wrong_speakers_row(call_id, texts)]
    )


def delete_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(texts.button_delete_call, DeleteCall(call_id)), _button(texts.button_delete_all, DeleteAll())]]
    )


def confirm_keyboard(confirmed: Button, texts: Texts) -> InlineKeyboardMarkup:
    """Confirm (``confirmed``, the deletion) or keep."""
    return InlineKeyboardMarkup([[_button(texts.button_confirm_delete, confirmed), _button(texts.button_keep, Keep())]])


def language_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button("English", ChooseLanguage(LanguageChoice.EN)), _button("Русский", ChooseLanguage(LanguageChoice.RU))],
         [_button(texts.button_language_auto, ChooseLanguage(LanguageChoice.AUTO))]]
    )  # fmt: skip


def template_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    """Auto and every template, two per row, then writing or clearing the standing instructions."""
    buttons = [_button(texts.template_auto, ChooseTemplate(AUTO_TEMPLATE))]
    buttons += [_button(texts.call_kind(key), ChooseTemplate(key)) for key in TEMPLATE_KEYS]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(texts.button_template_write, WriteInstructions()),
                 _button(texts.button_template_clear, ClearInstructions())])  # fmt: skip
    return InlineKeyboardMarkup(rows)
