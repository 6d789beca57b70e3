"""Cancel and Retry under a call's status and summary messages; both name the call (checked against the presser)."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons.codec import CallButton, button, encode
from bot.texts import Texts


@button("cc")
@dataclass(frozen=True)
class CancelCall(CallButton):
    """Stop the call's work and cancel its job on the service."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)


@button("rt")
@dataclass(frozen=True)
class RetryCall(CallButton):
    """Retry the summary, or send the recording to the service again when its transcription was given up."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)


def cancel_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.button_cancel, callback_data=encode(CancelCall(call_id)))]]
    )


def retry_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(texts.button_retry, callback_data=encode(RetryCall(call_id)))]])


def retry_transcription_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    """Under a call whose transcription was given up: the same Retry action sends the recording again."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.button_retry_transcription, callback_data=encode(RetryCall(call_id)))]]
    )
