"""Buttons of /calls: turning its pages, picking a call, and the actions under a call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot.buttons.codec import Button, CallButton, button
from bot.buttons.inline import labelled
from bot.deletion.buttons import DeleteCall
from bot.exports.buttons import ChooseFormat, ShowPicture
from bot.shared.call_titles import call_title
from bot.sharing.buttons import share_row
from bot.speakers.buttons import ShowSpeakers
from bot.summaries.buttons import ShowSummary
from bot.texts import Texts
from database import Call

PAGE_SIZE = 6


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

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)


def calls_keyboard(calls: Sequence[Call], page: int, pages: int) -> InlineKeyboardMarkup:
    rows = [[labelled(call_title(c), PickCall(c.id))] for c in calls]
    nav = [labelled("◀", CallsPage(page - 1))] if page > 0 else []
    nav += [labelled("▶", CallsPage(page + 1))] if page + 1 < pages else []
    return InlineKeyboardMarkup([*rows, nav] if nav else rows)


def call_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                labelled(texts.button_summary, ShowSummary(call_id)),
                labelled(texts.button_transcript, ChooseFormat(call_id)),
            ],
            [
                labelled(texts.button_speakers, ShowSpeakers(call_id)),
                labelled(texts.button_picture, ShowPicture(call_id)),
            ],
            [labelled(texts.button_rename, RenameCall(call_id)), labelled(texts.button_delete, DeleteCall(call_id))],
            share_row(call_id, texts),
        ]
    )
