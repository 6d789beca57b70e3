"""Buttons of /delete: one call or all the user's data, always after a confirmation."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot.buttons.codec import Button, CallButton, button
from bot.buttons.inline import labelled
from bot.texts import Texts


@button("dl")
@dataclass(frozen=True)
class DeleteCall(CallButton):
    """Ask to confirm deleting the call."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)


@button("dlok")
@dataclass(frozen=True)
class DeleteCallConfirmed(CallButton):
    """Delete the call."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)


@button("da")
@dataclass(frozen=True)
class DeleteAll(Button):
    """Ask to confirm deleting all the user's data."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)


@button("daok")
@dataclass(frozen=True)
class DeleteAllConfirmed(Button):
    """Delete all the user's data."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)


@button("kp")
@dataclass(frozen=True)
class Keep(Button):
    """Keep what a deletion asked about."""


def delete_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[labelled(texts.button_delete_call, DeleteCall(call_id)), labelled(texts.button_delete_all, DeleteAll())]]
    )


def confirm_keyboard(confirmed: Button, texts: Texts) -> InlineKeyboardMarkup:
    """Confirm (``confirmed``, the deletion) or keep."""
    return InlineKeyboardMarkup(
        [[labelled(texts.button_confirm_delete, confirmed), labelled(texts.button_keep, Keep())]]
    )
