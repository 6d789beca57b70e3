"""Buttons of a call's summary: show it again, summarize again."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot.buttons.codec import CallButton, button
from bot.buttons.inline import labelled
from bot.texts import Texts


@button("su")
@dataclass(frozen=True)
class ShowSummary(CallButton):
    """Send the call's summary again."""


@button("rg")
@dataclass(frozen=True)
class RegenerateSummary(CallButton):
    """Summarize the call again."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)


def regenerate_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[labelled(texts.button_regenerate, RegenerateSummary(call_id))]])
