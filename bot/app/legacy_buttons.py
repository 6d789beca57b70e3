"""Callback data of the buttons sent before the codec (``<action>:<number>[:<argument>]``), still in users' chats:
rewritten into today's data of the same family, then decoded (and checked) like any other.

Data that does not have the old shape, or names no old action, is left as it is (and refused by the decoder).
Drop this module once no chat can hold such buttons any more.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.buttons.button_data import ARGUMENT, NUMBER
from bot.buttons.codec import SEPARATOR, Button, head_of
from bot.calls.buttons import CallsPage, PickCall, RenameCall
from bot.deletion.buttons import DeleteAll, DeleteAllConfirmed, DeleteCall, DeleteCallConfirmed, Keep
from bot.exports.buttons import ChooseFormat, ExportTranscript, ShowPicture
from bot.options import buttons as option_menus
from bot.options.buttons import ChooseLanguage, ChooseTemplate, ClearInstructions, WriteInstructions
from bot.people.buttons import DeletePerson, MergePerson, PersonStep, StartPersonStep, SwitchRecognition
from bot.pipeline import buttons as status_buttons
from bot.speakers import voice_buttons
from bot.speakers.buttons import AskSpeakerCount, FindSpeakers, RenameSpeaker, ShowSpeakers
from bot.speakers.name_buttons import ApplyHeardName
from bot.summaries.buttons import RegenerateSummary, ShowSummary

OLD = re.compile(rf"([a-z]{{1,8}}):({NUMBER})(?::({ARGUMENT}))?")

Fields = Callable[[str, str | None], list[str]]


def _number(number: str, argument: str | None) -> list[str]:
    return [number, *([] if argument is None else [argument])]


def _argument(number: str, argument: str | None) -> list[str]:
    """An action of the old menus whose number was a placeholder (0)."""
    return [] if argument is None else [argument]


def _count(number: str, argument: str | None) -> list[str]:
    return [number, "" if argument == "auto" else argument or "?"]


def _option(number: str, argument: str | None) -> list[str]:
    key, dash, value = (argument or "").partition("-")
    return [key, value] if dash else [key]


def _person_step(step: PersonStep) -> Fields:
    return lambda number, argument: [number, step.value, *([] if argument is None else [argument])]


def _voice(yes: bool) -> Fields:
    def fields(number: str, argument: str | None) -> list[str]:
        label, dot, person = (argument or "").rpartition(".")
        return [number, label, person, "1" if yes else "0"] if dot else [number, argument or ""]

    return fields


REWRITES: dict[str, tuple[type[Button], Fields]] = {
    "cancel": (status_buttons.CancelCall, _number),
    "retry": (status_buttons.RetryCall, _number),
    "pick": (PickCall, _number),
    "page": (CallsPage, _number),
    "sum": (ShowSummary, _number),
    "regen": (RegenerateSummary, _number),
    "tr": (ChooseFormat, _number),
    "exp": (ExportTranscript, _number),
    "pic": (ShowPicture, _number),
    "speakers": (ShowSpeakers, _number),
    "spk": (RenameSpeaker, _number),
    "rn": (RenameCall, _number),
    "del": (DeleteCall, _number),
    "delok": (DeleteCallConfirmed, _number),
    "delall": (DeleteAll, _argument),
    "delallok": (DeleteAllConfirmed, _argument),
    "keep": (Keep, lambda number, argument: []),
    "lang": (ChooseLanguage, _argument),
    "tpl": (ChooseTemplate, _argument),
    "tplw": (WriteInstructions, _argument),
    "tplx": (ClearInstructions, _argument),
    "nm": (ApplyHeardName, _number),
    "opt": (option_menus.ChooseOption, _option),
    "rediar": (AskSpeakerCount, _number),
    "rediarn": (FindSpeakers, _count),
    "vy": (voice_buttons.AnswerVoice, _voice(True)),
    "vn": (voice_buttons.AnswerVoice, _voice(False)),
    "pr": (StartPersonStep, _person_step(PersonStep.RENAME)),
    "pm": (StartPersonStep, _person_step(PersonStep.MERGE)),
    "pd": (StartPersonStep, _person_step(PersonStep.DELETE)),
    "pmi": (MergePerson, _number),
    "pdok": (DeletePerson, _number),
    "vt": (SwitchRecognition, _number),
}


def upgraded(data: str) -> str:
    """``data`` in today's format when it is old data of an existing family; anything else unchanged."""
    old = OLD.fullmatch(data)
    rewrite = REWRITES.get(old.group(1)) if old else None
    if old is None or rewrite is None:
        return data
    family, fields = rewrite
    return SEPARATOR.join([head_of(family), *fields(old.group(2), old.group(3))])
