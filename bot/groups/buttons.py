"""The buttons of a group's /settings (admins only: every family here ``manages``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons.codec import Button, Choices, button, encode
from bot.deletion.buttons import DeleteAll
from bot.texts import Texts
from database.groups import GroupChat, Managers

AUTO_ON, AUTO_OFF = "auto_on", "auto_off"


@button("gs")
@dataclass(frozen=True)
class ChangeGroup(Button):
    """Turn automatic mode on or off, or choose who manages the group's calls."""

    manages = True
    setting: Annotated[str, Choices((AUTO_ON, AUTO_OFF, Managers.SENDER_AND_ADMINS.value, Managers.ADMINS.value))]

    @classmethod
    def refusal(cls, texts: Texts) -> str:
        return texts.groups.not_manager_command


def settings_keyboard(group: GroupChat, texts: Texts) -> InlineKeyboardMarkup:
    t = texts.groups
    auto = (t.button_auto_off, AUTO_OFF) if group.auto_mode else (t.button_auto_on, AUTO_ON)
    if group.managers is Managers.ADMINS:
        managers = (t.button_managers_sender, Managers.SENDER_AND_ADMINS.value)
    else:
        managers = (t.button_managers_admins, Managers.ADMINS.value)
    rows = [
        [InlineKeyboardButton(label, callback_data=encode(ChangeGroup(value)))] for label, value in (auto, managers)
    ]
    rows.append([InlineKeyboardButton(t.button_delete_all, callback_data=encode(DeleteAll()))])
    return InlineKeyboardMarkup(rows)


def settings_text(group: GroupChat, texts: Texts) -> str:
    t = texts.groups
    text = t.settings.format(
        auto=t.auto_on if group.auto_mode else t.auto_off,
        managers=t.managers_admins if group.managers is Managers.ADMINS else t.managers_sender,
    )
    return text + (t.removed_note if group.removed_at is not None else "")
