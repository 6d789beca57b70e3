"""Inline buttons; callback data is ``<action>:<call id>`` and is always checked against the pressing user."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons.button_data import data_pattern
from bot.texts import Texts

CANCEL = "cancel"
RETRY = "retry"
CALLBACK_PATTERN = data_pattern((CANCEL, RETRY), argument=False)


def cancel_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.button_cancel, callback_data=f"{CANCEL}:{call_id}")]]
    )


def retry_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.button_retry, callback_data=f"{RETRY}:{call_id}")]]
    )


def retry_transcription_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    """Under a call whose transcription was given up: the same Retry action sends the recording again."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.button_retry_transcription, callback_data=f"{RETRY}:{call_id}")]]
    )
