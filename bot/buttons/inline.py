"""An inline button of the bot: its label cut to fit a phone's width, its data encoded by the codec."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.buttons.codec import Button, encode

BUTTON_CHARS = 40


def labelled(text: str, pressed: Button) -> InlineKeyboardButton:
    """A button showing ``text`` (cut to ``BUTTON_CHARS`` with an ellipsis) that sends ``pressed`` when tapped."""
    short = text if len(text) <= BUTTON_CHARS else text[: BUTTON_CHARS - 1] + "…"
    return InlineKeyboardButton(short, callback_data=encode(pressed))
