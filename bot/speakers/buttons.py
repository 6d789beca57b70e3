"""Buttons of a call's speakers: the speaker cards, renaming one, and "👥 Wrong speakers?" — :class:`AskSpeakerCount`
asks how many people speak, then :class:`FindSpeakers` with the count (None: auto) finds them again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons.codec import CallButton, button, encode
from bot.buttons.inline import labelled
from bot.exports.buttons import ShowPicture
from bot.options.buttons import COUNTS
from bot.shared.speaker_names import speaker_name
from bot.texts import Texts
from database import Speaker


@button("sv")
@dataclass(frozen=True)
class ShowSpeakers(CallButton):
    """Show the call's speakers."""


@button("sp")
@dataclass(frozen=True)
class RenameSpeaker(CallButton):
    """Ask for a new name of the call's speaker number ``index`` (from 0, in the call's order)."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)

    index: int


def speakers_keyboard(call_id: int, speakers: Sequence[Speaker], texts: Texts) -> InlineKeyboardMarkup:
    rows = [
        [labelled(f"✏️ {speaker_name(s, texts.speaker)}", RenameSpeaker(call_id, i))] for i, s in enumerate(speakers)
    ]
    return InlineKeyboardMarkup(
        [*rows, [labelled(texts.button_picture, ShowPicture(call_id))], wrong_speakers_row(call_id, texts)]
    )


@button("rd")
@dataclass(frozen=True)
class AskSpeakerCount(CallButton):
    """ "👥 Wrong speakers?": ask how many people speak in the call."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)


@button("rc")
@dataclass(frozen=True)
class FindSpeakers(CallButton):
    """Find the call's speakers again, ``count`` of them (None: as many as the service finds)."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)

    count: int | None


def wrong_speakers_row(call_id: int, texts: Texts) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(texts.options.button_wrong_speakers, callback_data=encode(AskSpeakerCount(call_id)))]


def speaker_count_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    counts = [InlineKeyboardButton(str(n), callback_data=encode(FindSpeakers(call_id, n))) for n in COUNTS]
    auto = InlineKeyboardButton(texts.options.button_count_auto, callback_data=encode(FindSpeakers(call_id, None)))
    return InlineKeyboardMarkup([counts[:3], counts[3:], [auto]])
