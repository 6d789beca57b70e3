"""Buttons of a call's files: the transcript's formats and the talk-time picture."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from telegram import InlineKeyboardMarkup

from bot.buttons.codec import CallButton, Choices, button
from bot.buttons.inline import labelled
from bot.exports.formats import EXPORT_FORMATS


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


def formats_keyboard(call_id: int) -> InlineKeyboardMarkup:
    buttons = [labelled(f".{fmt}", ExportTranscript(call_id, fmt)) for fmt in EXPORT_FORMATS]
    return InlineKeyboardMarkup([buttons[:3], buttons[3:]])
