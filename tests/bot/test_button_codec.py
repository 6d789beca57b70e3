"""The button codec on its own: every family of the bot round-trips and is routed, data over Telegram's 64 bytes is
never written, and whatever a client may forge is refused with the family it claims (for that family's answer)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Annotated

import pytest

from bot.app.legacy_buttons import REWRITES, upgraded
from bot.app.menu_buttons import ROUTES, on_press
from bot.buttons.codec import (
    MAX_BYTES,
    Button,
    ButtonError,
    ButtonRefused,
    CallButton,
    Choices,
    button,
    decode,
    encode,
    families,
)
from bot.calls.buttons import CallsPage, PickCall
from bot.deletion.buttons import DeleteAll, DeleteAllConfirmed, Keep
from bot.exports.buttons import ExportTranscript
from bot.groups.buttons import ChangeGroup
from bot.options import buttons as option_menus
from bot.options.buttons import ChooseLanguage, ChooseTemplate, LanguageChoice
from bot.people.buttons import MergePerson, PersonStep, StartPersonStep, SwitchRecognition
from bot.sharing import buttons as sharing
from bot.speakers import voice_buttons
from bot.speakers.buttons import FindSpeakers, RenameSpeaker
from bot.texts import EN, RU

LONGEST = 10**15 - 1
# families made after the codec: no chat holds data of theirs in the old format
SINCE_THE_CODEC = {
    sharing.ShareCall,
    sharing.MakeLink,
    sharing.RevokeLink,
    sharing.SharedSummary,
    sharing.SharedFormats,
    sharing.SharedExport,
    sharing.SharedPicture,
    sharing.AskShared,
    ChangeGroup,
}


class Shade(enum.StrEnum):
    LIGHT = "light"
    DARK = "dark"


@button("zzc")
@dataclass(frozen=True)
class Sample(CallButton):
    """A throwaway family with a field of every kind the codec writes."""

    count: int
    loud: bool
    shade: Shade
    label: str
    size: Annotated[str, Choices(("s", "m"))]
    limit: int | None


@button("zzw")
@dataclass(frozen=True)
class Wide(Button):
    first: str
    second: str


def test_every_family_of_the_bot_round_trips_at_its_longest_and_is_routed() -> None:
    ours = [f for f in families() if f.__module__.startswith("bot.")]
    assert set(ours) == set(ROUTES)  # no family without a handler, no handler of an unregistered one
    samples = [
        ExportTranscript(LONGEST, "docx"),
        RenameSpeaker(LONGEST, LONGEST),
        CallsPage(LONGEST),
        ChooseLanguage(LanguageChoice.AUTO),
        ChooseTemplate("auto"),
        DeleteAll(),
        option_menus.ChooseOption(option_menus.OptionKey.VOCABULARY, "clear"),
        FindSpeakers(LONGEST, None),
        voice_buttons.AnswerVoice(LONGEST, "SPEAKER_00", LONGEST, False),
        SwitchRecognition(True),
        StartPersonStep(LONGEST, PersonStep.MERGE),
        MergePerson(1, 2),
    ]
    for sample in samples:
        data = encode(sample)
        assert decode(data) == sample and len(data.encode()) <= MAX_BYTES, data
    assert encode(PickCall(12)) == "pk1:12" and encode(FindSpeakers(3, None)) == "rc1:3:"


def test_a_registered_family_round_trips_every_field_type() -> None:
    sample = Sample(7, 42, True, Shade.DARK, "SPEAKER_01", "m", None)
    data = encode(sample)
    assert data == "zzc1:7:42:1:dark:SPEAKER_01:m:"
    assert decode(data) == sample and decode("zzc1:7:0:0:light:a.b-c_d:s:15") == Sample(
        7, 0, False, Shade.LIGHT, "a.b-c_d", "s", 15
    )


@pytest.mark.parametrize(
    "value",
    [
        Sample(7, -1, True, Shade.DARK, "x", "m", None),  # no negative numbers
        Sample(7, 10**15, True, Shade.DARK, "x", "m", None),  # 16 digits
        Sample(7, 1, True, Shade.DARK, "a:b", "m", None),  # the separator inside a field
        Sample(7, 1, True, Shade.DARK, "Ива", "m", None),  # not ASCII
        Sample(7, 1, True, Shade.DARK, "", "m", None),
        Sample(7, 1, True, Shade.DARK, "x", "xl", None),  # not one of the choices
        Wide("a" * 30, "b" * 30),  # 66 bytes: over Telegram's limit
    ],
)
def test_encode_raises_for_what_no_button_can_carry(value: Button) -> None:
    with pytest.raises(ButtonError):
        encode(value)


@pytest.mark.parametrize(
    ("data", "family", "outdated"),
    [
        ("", None, False),
        ("qq1:5", None, False),  # an unknown tag
        ("zzc:7:1:1:dark:x:m:", None, False),  # no version
        ("zzc01:7:1:1:dark:x:m:", None, False),  # a version with a leading zero
        ("zzc2:7:1:1:dark:x:m:", Sample, True),  # another version of the family: an outdated button
        ("zzc1:7:1:1:dark:x:m", Sample, False),  # a field too few
        ("zzc1:7:1:1:dark:x:m::", Sample, False),  # an extra separator
        ("zzc1:7:1:1:dark:x:m:5:", Sample, False),
        ("zzc1:7:one:1:dark:x:m:", Sample, False),  # a number that is none
        ("zzc1:7:²:1:dark:x:m:", Sample, False),  # a digit to str.isdigit, not to int()
        ("zzc1:7:١٢:1:dark:x:m:", Sample, False),  # Arabic-Indic digits, which int() would take
        ("zzc1:7:+1:1:dark:x:m:", Sample, False),
        ("zzc1:7:1:2:dark:x:m:", Sample, False),  # a bool that is neither 0 nor 1
        ("zzc1:7:1:1:grey:x:m:", Sample, False),  # not a member of the enum
        ("zzc1:7:1:1:DARK:x:m:", Sample, False),
        ("zzc1:7:1:1:dark::m:", Sample, False),  # an empty string field
        ("zzc1:7:1:1:dark:x:xl:", Sample, False),  # not one of the choices
        ("zzc1::1:1:dark:x:m:", Sample, False),  # no call id
        ("zzc1:7:1:1:dark:x:m:" + "9" * 45, None, False),  # 65 bytes: over-long, refused before anything else
    ],
)
def test_decode_refuses_forged_data(data: str, family: type[Button] | None, outdated: bool) -> None:
    with pytest.raises(ButtonRefused) as refused:
        decode(data)
    assert (refused.value.family, refused.value.outdated) == (family, outdated)


def test_refusals_speak_each_familys_answer_in_both_languages() -> None:
    assert voice_buttons.AnswerVoice.refusal(EN) == EN.voices.question_gone
    assert MergePerson.refusal(RU) == RU.voices.person_gone
    assert Sample.refusal(RU) == RU.not_your_call == "Это не ваш звонок."
    assert EN.button_outdated.startswith("This button is outdated") and RU.button_outdated.startswith("Эта кнопка")


def test_old_data_of_every_family_still_decodes_to_the_same_button() -> None:
    old = {
        "pick:5": PickCall(5),
        "page:2": CallsPage(2),
        "exp:5:srt": ExportTranscript(5, "srt"),
        "spk:5:1": RenameSpeaker(5, 1),
        "delallok:0": DeleteAllConfirmed(),
        "keep:5": Keep(),
        "lang:0:ru": ChooseLanguage(LanguageChoice.RU),
        "tpl:0:sales": ChooseTemplate("sales"),
        "opt:0:s-auto": option_menus.ChooseOption(option_menus.OptionKey.SPEAKERS, "auto"),
        "rediarn:5:auto": FindSpeakers(5, None),
        "rediarn:5:3": FindSpeakers(5, 3),
        "vy:5:SPEAKER_00.3": voice_buttons.AnswerVoice(5, "SPEAKER_00", 3, True),
        "vn:5:SPEAKER_00.3": voice_buttons.AnswerVoice(5, "SPEAKER_00", 3, False),
        "pd:4": StartPersonStep(4, PersonStep.DELETE),
        "pmi:4:6": MergePerson(4, 6),
        "vt:1": SwitchRecognition(True),
    }
    assert {data: decode(upgraded(data)) for data in old} == old
    assert {family for family, _ in REWRITES.values()} == set(ROUTES) - SINCE_THE_CODEC  # old actions: today's family
    assert upgraded("pk1:5") == "pk1:5" and upgraded("nope:5") == "nope:5"  # today's and unknown data untouched


def test_a_family_that_names_a_call_cannot_be_routed_without_the_ownership_check() -> None:
    with pytest.raises(TypeError):
        on_press(Sample, lambda press, context: None)


def test_registration_refuses_a_taken_tag_a_mutable_class_and_an_unsupported_field() -> None:
    with pytest.raises(ButtonError):
        button("pk")(dataclass(frozen=True)(type("Again", (Button,), {})))

    class Mutable(Button):
        pass

    with pytest.raises(ButtonError):
        button("zzm")(dataclass(Mutable))

    @dataclass(frozen=True)
    class Floating(Button):
        ratio: float

    with pytest.raises(ButtonError):
        button("zzf")(Floating)
