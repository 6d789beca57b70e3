"""Buttons of voice recognition under a call: "is this Ivan?" (:class:`AnswerVoice`), ✅ or ❌."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot.buttons.codec import ButtonError, CallButton, button, encode
from bot.buttons.inline import labelled
from bot.texts import Texts
from bot.texts.voice_texts import VoiceTexts

LONGEST_ID = 10**15 - 1  # the most digits a number in callback data may have


@button("va")
@dataclass(frozen=True)
class AnswerVoice(CallButton):
    """✅ (``yes``) or ❌ to "is the speaker ``label`` of the call this person?"."""

    manages = True  # in a group: the call's sender or an admin only (bot.buttons.ownership)

    label: str
    person_id: int
    yes: bool

    @classmethod
    def refusal(cls, texts: Texts) -> str:
        return texts.voices.question_gone


def check_keyboard(call_id: int, label: str, person_id: int, name: str, texts: VoiceTexts) -> InlineKeyboardMarkup:
    """✅ yes / ❌ not <name> for one speaker of a call."""
    return InlineKeyboardMarkup(
        [
            [
                labelled(texts.button_yes.format(name=name), AnswerVoice(call_id, label, person_id, True)),
                labelled(texts.button_no.format(name=name), AnswerVoice(call_id, label, person_id, False)),
            ]
        ]
    )


def checkable(label: str) -> bool:
    """Whether a speaker label fits in the buttons' data with any ids (the service's labels always do)."""
    try:
        encode(AnswerVoice(LONGEST_ID, label, LONGEST_ID, True))
    except ButtonError:
        return False
    return True
