"""Inline menus after the summary: callback data is ``<action>:<number>[:<argument>]``.

The number is a call id for every action that touches a call, and such a call is always looked up for the
pressing user, so a deleted call or another user's call can never be reached through an old button.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.buttons.button_data import data_pattern, id_of
from bot.buttons.option_menus import wrong_speakers_row
from bot.exports.formats import EXPORT_FORMATS
from bot.summaries.templates import TEMPLATE_KEYS
from bot.texts import Texts
from bot.views.calls_view import call_title
from bot.views.speaker_names import speaker_name
from database import Call, Database, Speaker, User

MENU_ACTIONS = (
    "pick", "page", "sum", "regen", "tr", "exp", "pic", "spk", "speakers", "rn",
    "del", "delok", "delall", "delallok", "keep", "lang", "tpl", "tplw", "tplx", "nm", "opt", "rediar", "rediarn",
)  # fmt: skip
MENU_PATTERN = data_pattern(MENU_ACTIONS)
PAGE_SIZE = 6
BUTTON_CHARS = 40


@dataclass(frozen=True, slots=True)
class Press:
    """A pressed menu button: who pressed it, in which language, and what it carries."""

    query: CallbackQuery
    user: User
    texts: Texts
    action: str
    number: int
    argument: str | None

    @property
    def argument_id(self) -> int | None:
        """The argument as a number (an index or an id), or None when it is not one."""
        return id_of(self.argument)

    @property
    def message(self) -> Message | None:
        """The message under the button, when the bot can still reach it."""
        message = self.query.message
        return message if isinstance(message, Message) else None


async def pressed_call(db: Database, press: Press) -> Call | None:
    """The pressing user's call the button names; refuses (with an alert) a deleted or foreign one."""
    call = await db.calls.get(press.user.id, press.number)
    if call is None:
        await press.query.answer(press.texts.not_your_call, show_alert=True)
    return call


def _button(text: str, data: str) -> InlineKeyboardButton:
    short = text if len(text) <= BUTTON_CHARS else text[: BUTTON_CHARS - 1] + "…"
    return InlineKeyboardButton(short, callback_data=data)


def calls_keyboard(calls: Sequence[Call], page: int, pages: int) -> InlineKeyboardMarkup:
    rows = [[_button(call_title(c), f"pick:{c.id}")] for c in calls]
    nav = [_button("◀", f"page:{page - 1}")] if page > 0 else []
    nav += [_button("▶", f"page:{page + 1}")] if page + 1 < pages else []
    return InlineKeyboardMarkup([*rows, nav] if nav else rows)


def call_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(texts.button_summary, f"sum:{call_id}"), _button(texts.button_transcript, f"tr:{call_id}")],
            [_button(texts.button_speakers, f"speakers:{call_id}"), _button(texts.button_picture, f"pic:{call_id}")],
            [_button(texts.button_rename, f"rn:{call_id}"), _button(texts.button_delete, f"del:{call_id}")],
        ]
    )


def regenerate_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(texts.button_regenerate, f"regen:{call_id}")]])


def formats_keyboard(call_id: int) -> InlineKeyboardMarkup:
    buttons = [_button(f".{fmt}", f"exp:{call_id}:{fmt}") for fmt in EXPORT_FORMATS]
    return InlineKeyboardMarkup([buttons[:3], buttons[3:]])


def speakers_keyboard(call_id: int, speakers: Sequence[Speaker], texts: Texts) -> InlineKeyboardMarkup:
    rows = [[_button(f"✏️ {speaker_name(s, texts.speaker)}", f"spk:{call_id}:{i}")] for i, s in enumerate(speakers)]
    return InlineKeyboardMarkup(
        [*rows, [_button(texts.button_picture, f"pic:{call_id}")], wrong_speakers_row(call_id, texts)]
    )


def delete_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(texts.button_delete_call, f"del:{call_id}"), _button(texts.button_delete_all, "delall:0")]]
    )


def confirm_keyboard(action: str, number: int, texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(texts.button_confirm_delete, f"{action}:{number}"), _button(texts.button_keep, f"keep:{number}")]]
    )


def language_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button("English", "lang:0:en"), _button("Русский", "lang:0:ru")],
         [_button(texts.button_language_auto, "lang:0:auto")]]
    )  # fmt: skip


def template_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    """Auto and every template, two per row, then writing or clearing the standing instructions."""
    buttons = [_button(texts.template_auto, "tpl:0:auto")]
    buttons += [_button(texts.call_kind(key), f"tpl:0:{key}") for key in TEMPLATE_KEYS]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(texts.button_template_write, "tplw:0"), _button(texts.button_template_clear, "tplx:0")])
    return InlineKeyboardMarkup(rows)
