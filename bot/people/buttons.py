"""Buttons of /people: each person's rename, merge and delete (the person buttons carry a person id, looked up for
the pressing user only), and :class:`SwitchRecognition`, which turns voice recognition off or on."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot.buttons.codec import Button, button
from bot.buttons.inline import labelled
from bot.deletion.buttons import Keep
from bot.texts import Texts
from bot.texts.voice_texts import VoiceTexts
from database.voices import Person


class PersonStep(enum.StrEnum):
    """What a /people button starts for one person."""

    RENAME = "r"
    MERGE = "m"
    DELETE = "d"


class PersonButton(Button):
    """A button about one of the user's people."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)

    @classmethod
    def refusal(cls, texts: Texts) -> str:
        return texts.voices.person_gone


@button("pe")
@dataclass(frozen=True)
class StartPersonStep(PersonButton):
    """Rename (asks for the name), merge (asks whom into) or delete (asks to confirm) a person."""

    person_id: int
    step: PersonStep


@button("pmg")
@dataclass(frozen=True)
class MergePerson(PersonButton):
    """Merge the person into another one."""

    person_id: int
    into_id: int


@button("pdel")
@dataclass(frozen=True)
class DeletePerson(PersonButton):
    """Delete the person's profile (confirmed)."""

    person_id: int


@button("vt")
@dataclass(frozen=True)
class SwitchRecognition(Button):
    """Turn voice recognition on or off for the user."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)

    on: bool


def people_keyboard(people: Sequence[Person], enabled: bool, texts: VoiceTexts) -> InlineKeyboardMarkup:
    rows = [
        [
            labelled(texts.button_rename.format(name=p.name), StartPersonStep(p.id, PersonStep.RENAME)),
            labelled(texts.button_merge.format(name=p.name), StartPersonStep(p.id, PersonStep.MERGE)),
            labelled(texts.button_delete.format(name=p.name), StartPersonStep(p.id, PersonStep.DELETE)),
        ]
        for p in people
    ]
    switch = (
        labelled(texts.button_off, SwitchRecognition(False))
        if enabled
        else labelled(texts.button_on, SwitchRecognition(True))
    )
    rows.append([switch])
    return InlineKeyboardMarkup(rows)


def merge_keyboard(source: Person, others: Sequence[Person]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[labelled(f"→ {p.name}", MergePerson(source.id, p.id))] for p in others])


def delete_person_keyboard(person: Person, confirm: str, keep: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[labelled(confirm, DeletePerson(person.id)), labelled(keep, Keep())]])
