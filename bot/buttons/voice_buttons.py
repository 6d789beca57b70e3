"""Buttons of voice recognition: "is this Ivan?" under a call, and /people. Data: ``<action>:<number>[:<arg>]``.

``vy``/``vn`` (yes / not this person): the number is the call, the argument ``<label>.<person id>``; the people
actions (``pr`` rename, ``pm`` merge, ``pmi`` merge into the argument, ``pd``/``pdok`` delete) carry a person id;
``vt`` turns recognition off (0) or on (1). Every id is looked up for the pressing user only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons.button_data import data_pattern
from bot.texts.voice_texts import VoiceTexts
from database.voices import Person

VOICE_ACTIONS = ("vy", "vn", "pr", "pm", "pmi", "pd", "pdok", "vt")
VOICE_PATTERN = data_pattern(VOICE_ACTIONS)
BUTTON_CHARS = 40


def _button(text: str, data: str) -> InlineKeyboardButton:
    short = text if len(text) <= BUTTON_CHARS else text[: BUTTON_CHARS - 1] + "…"
    return InlineKeyboardButton(short, callback_data=data)


def check_keyboard(call_id: int, label: str, person_id: int, name: str, texts: VoiceTexts) -> InlineKeyboardMarkup:
    """✅ yes / ❌ not <name> for one speaker of a call."""
    argument = f"{label}.{person_id}"
    return InlineKeyboardMarkup([[
        _button(texts.button_yes.format(name=name), f"vy:{call_id}:{argument}"),
        _button(texts.button_no.format(name=name), f"vn:{call_id}:{argument}"),
    ]])  # fmt: skip


def checkable(label: str) -> bool:
    """Whether a speaker label fits in the buttons' data (the service's labels always do)."""
    return re.fullmatch(r"[\w-]{1,28}", label) is not None


def people_keyboard(people: Sequence[Person], enabled: bool, texts: VoiceTexts) -> InlineKeyboardMarkup:
    rows = [
        [_button(texts.button_rename.format(name=p.name), f"pr:{p.id}"),
         _button(texts.button_merge.format(name=p.name), f"pm:{p.id}"),
         _button(texts.button_delete.format(name=p.name), f"pd:{p.id}")]
        for p in people
    ]  # fmt: skip
    rows.append([_button(texts.button_off, "vt:0") if enabled else _button(texts.button_on, "vt:1")])
    return InlineKeyboardMarkup(rows)


def merge_keyboard(source: Person, others: Sequence[Person]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(f"→ {p.name}", f"pmi:{source.id}:{p.id}")] for p in others])


def delete_person_keyboard(person: Person, confirm: str, keep: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(confirm, f"pdok:{person.id}"), _button(keep, "keep:0")]])
