"""One-tap buttons for names heard in a call ("✅ Speaker 1 → Maria"): :class:`ApplyHeardName`.

The button carries only numbers: the name itself is looked up in the pressing user's call, never read from the
button, so a forged button can neither inject a name nor reach another user's call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons.codec import CallButton, button, encode
from bot.shared.speaker_names import speaker_name
from bot.speakers.names.finder import Offer
from bot.texts import Texts

PART_CHARS = 24  # of each name on a button


@button("nm")
@dataclass(frozen=True)
class ApplyHeardName(CallButton):
    """Give a speaker of the call the name heard in it (a suggestion of the call)."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)

    suggestion_id: int


def _short(text: str) -> str:
    return text if len(text) <= PART_CHARS else text[: PART_CHARS - 1] + "…"


def name_rows(call_id: int, offered: Sequence[Offer], texts: Texts) -> list[list[InlineKeyboardButton]]:
    return [
        [
            InlineKeyboardButton(
                texts.button_name.format(
                    speaker=_short(speaker_name(o.speaker, texts.speaker)), name=_short(o.suggestion.name)
                ),
                callback_data=encode(ApplyHeardName(call_id, o.suggestion.id)),
            )
        ]
        for o in offered
    ]


def with_names(
    markup: InlineKeyboardMarkup | None, rows: list[list[InlineKeyboardButton]]
) -> InlineKeyboardMarkup | None:
    """``markup`` with the name buttons on top; unchanged when there are none."""
    if not rows:
        return markup
    below = [list(row) for row in markup.inline_keyboard] if markup is not None else []
    return InlineKeyboardMarkup([*rows, *below])
