"""Voice profiles on a real SQLite file: learning from names, answers, /people's rename, merge and delete, the
per-user switch, and that no query crosses from one user to another."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.shared.speaker_names import speaker_name
from bot.speakers.names.finder import NameFinder, offers
from bot.speakers.voices.matching import MIN_SPEECH_S, unpack
from bot.speakers.voices.recognition import VoiceRecognition, open_questions
from bot.transcription.client import VoicePrints
from database import Call, Database, Segment, Speaker
from database.calls import NewCall

ALICE, BOB = 1, 2
MODEL = "resemblyzer 0.1.4"


def voice(seed: int) -> tuple[float, ...]:
    return tuple(float(x) for x in np.random.default_rng(seed).normal(size=256))


def near(seed: int, step: float = 0.1) -> tuple[float, ...]:
    """The voice ``seed`` heard again: a little different."""
    return tuple(np.asarray(voice(seed)) + step * np.asarray(voice(seed + 1000)))


@pytest.fixture
async def db(tmp_path: Path):
    database = await Database.open(tmp_path / "bot.sqlite3")
    for user in (ALICE, BOB):
        await database.users.upsert(user, "en", "U")
    yield database
    await database.aclose()


async def call_with(db: Database, user: int, unique: str, prints: dict[str, tuple[float, ...]]) -> Call:
    call = await db.calls.create(NewCall(user, user, "voice", f"f-{unique}", unique, "v.ogg", "audio/ogg", 1))
    labels = sorted(prints)
    segments = [Segment(float(i), i + 1.0, f"line {i}", label) for i, label in enumerate(labels)]
    speakers = [Speaker(label, i + 1, 1.0) for i, label in enumerate(labels)]
    await db.transcripts.replace(user, call.id, segments, speakers)
    await VoiceRecognition(db, 0.8).recognise(call, VoicePrints(MODEL, prints))
    return call


async def names(db: Database, call: Call) -> dict[str, str]:
    """The speakers as shown to an English-speaking user."""
    return {s.label: speaker_name(s, "Speaker") for s in await db.transcripts.speakers(call.user_id, call.id)}


async def test_a_named_voice_is_named_in_the_next_call_and_a_no_is_remembered(db: Database) -> None:
    first = await call_with(db, ALICE, "1", {"SPEAKER_00": voice(1), "SPEAKER_01": voice(2)})
    await VoiceRecognition(db, 0.8).learn(ALICE, first.id, "SPEAKER_00", "Ivan")
    second = await call_with(db, ALICE, "2", {"SPEAKER_00": voice(3), "SPEAKER_01": near(1)})
    assert await names(db, second) == {"SPEAKER_00": "Speaker 1", "SPEAKER_01": "Ivan 🔊"}
    (asked,) = await open_questions(db, second)
    assert (asked.label, asked.person_name, asked.match) == ("SPEAKER_01", "Ivan", "voice")
    gone = await db.voices.answer(ALICE, second.id, "SPEAKER_01", asked.person_id or 0, yes=False)
    assert gone is not None and await names(db, second) == {"SPEAKER_00": "Speaker 1", "SPEAKER_01": "Speaker 2"}
    third = await call_with(db, ALICE, "3", {"SPEAKER_00": near(1, 0.12)})
    assert await names(db, third) == {"SPEAKER_00": "Speaker 1"}  # asked about, not named
    (again,) = await open_questions(db, third)
    assert again.match == "ask"
    assert await db.voices.answer(ALICE, third.id, "SPEAKER_00", again.person_id or 0, yes=True) is not None
    assert await names(db, third) == {"SPEAKER_00": "Ivan"} and await open_questions(db, third) == []
    (profile,) = await db.voices.profiles(ALICE, MODEL)
    assert (len(profile.positives), len(profile.negatives)) == (2, 1)  # the yes joined the profile
    await VoiceRecognition(db, 0.8).learn(ALICE, third.id, "SPEAKER_00", None)  # "Speaker 1" again: no one
    assert [v.person_id for v in await db.voices.speakers(ALICE, third.id)] == [None]
    assert [p.name for p in await db.voices.people(ALICE)] == ["Ivan"]
    assert await call_with(db, BOB, "4", {"SPEAKER_00": near(1)}) and await db.voices.people(BOB) == []
    (bobs,) = await db.calls.list_for_user(BOB)
    assert await names(db, bobs) == {"SPEAKER_00": "Speaker 1"}  # Alice's people never reach Bob


async def test_people_are_renamed_merged_and_deleted_and_the_switch_stops_everything(db: Database) -> None:
    first = await call_with(db, ALICE, "1", {"SPEAKER_00": voice(1), "SPEAKER_01": voice(2)})
    learn = VoiceRecognition(db, 0.8).learn
    await learn(ALICE, first.id, "SPEAKER_00", "Ivan")
    await learn(ALICE, first.id, "SPEAKER_01", "Maria")
    ivan, maria = sorted(await db.voices.people(ALICE), key=lambda p: p.name)
    assert (ivan.name, ivan.calls, maria.calls) == ("Ivan", 1, 1)
    assert not await db.voices.rename_person(ALICE, ivan.id, "Maria")  # taken
    assert not await db.voices.rename_person(BOB, ivan.id, "Ivan P.")  # not Bob's
    assert await db.voices.rename_person(ALICE, ivan.id, "Ivan P.")
    assert not await db.voices.merge(BOB, maria.id, ivan.id)
    assert await db.voices.merge(ALICE, maria.id, ivan.id)
    (merged,) = await db.voices.profiles(ALICE, MODEL)
    assert merged.name == "Ivan P." and len(merged.positives) == 2
    assert all(abs(float(np.linalg.norm(unpack(b))) - 1) < 1e-5 for b in merged.positives)
    assert not await db.voices.delete_person(BOB, merged.person_id)
    assert await db.voices.delete_person(ALICE, merged.person_id) and await db.voices.people(ALICE) == []

    await db.voices.set_enabled(ALICE, False)
    recognition = VoiceRecognition(db, 0.8)
    assert not await recognition.wanted(ALICE) and await recognition.wanted(BOB)
    off = await call_with(db, ALICE, "2", {"SPEAKER_00": voice(1)})
    assert await db.voices.speakers(ALICE, off.id) == []  # nothing stored while off
    await recognition.learn(ALICE, off.id, "SPEAKER_00", "Ivan")
    assert await db.voices.people(ALICE) == []


async def test_a_print_from_too_little_clean_speech_names_nobody_and_teaches_nothing(db: Database) -> None:
    first = await call_with(db, ALICE, "1", {"SPEAKER_00": voice(1)})
    await VoiceRecognition(db, 0.8).learn(ALICE, first.id, "SPEAKER_00", "Ivan")
    short = await db.calls.create(NewCall(ALICE, ALICE, "voice", "f-short", "short", "v.ogg", "audio/ogg", 1))
    segments = [Segment(0.0, 2.0, "yes", "SPEAKER_00"), Segment(2.0, 9.0, "line", "SPEAKER_01")]
    speakers = [Speaker("SPEAKER_00", 1, 2.0), Speaker("SPEAKER_01", 2, 7.0)]
    await db.transcripts.replace(ALICE, short.id, segments, speakers)
    seconds = {"SPEAKER_00": MIN_SPEECH_S - 0.4, "SPEAKER_01": MIN_SPEECH_S}  # one window (1.6 s); just enough
    prints = VoicePrints(MODEL, {"SPEAKER_00": near(1), "SPEAKER_01": voice(5)}, seconds)
    await VoiceRecognition(db, 0.8).recognise(short, prints)
    assert await names(db, short) == {"SPEAKER_00": "Speaker 1", "SPEAKER_01": "Speaker 2"}  # Ivan's voice, too short
    assert [v.label for v in await db.voices.speakers(ALICE, short.id)] == ["SPEAKER_01"]  # its print is not kept
    await VoiceRecognition(db, 0.8).learn(ALICE, short.id, "SPEAKER_00", "Olga")  # so naming it teaches nothing
    assert [p.name for p in await db.voices.people(ALICE)] == ["Ivan"]
    enough = await db.calls.create(NewCall(ALICE, ALICE, "voice", "f-long", "long", "v.ogg", "audio/ogg", 1))
    await db.transcripts.replace(
        ALICE, enough.id, [Segment(0.0, 9.0, "line", "SPEAKER_00")], [Speaker("SPEAKER_00", 1, 9.0)]
    )
    prints = VoicePrints(MODEL, {"SPEAKER_00": near(1)}, {"SPEAKER_00": 9.0})
    await VoiceRecognition(db, 0.8).recognise(enough, prints)
    assert await names(db, enough) == {"SPEAKER_00": "Ivan 🔊"}


async def test_the_name_heard_for_a_speaker_named_by_voice_is_offered_once_the_user_says_no(db: Database) -> None:
    first = await call_with(db, ALICE, "1", {"SPEAKER_00": voice(1)})
    await VoiceRecognition(db, 0.8).learn(ALICE, first.id, "SPEAKER_00", "Alice")
    call = await db.calls.create(NewCall(ALICE, ALICE, "voice", "f-2", "2", "v.ogg", "audio/ogg", 1))
    lines = [
        ("SPEAKER_00", "Good morning, sorry I'm late, this is Maria from the Berlin office."),
        ("SPEAKER_01", "Welcome. Let us start with the budget."),
        ("SPEAKER_00", "Sure, I have the numbers."),
    ]
    segments = [Segment(i * 5.0, i * 5.0 + 4, text, label) for i, (label, text) in enumerate(lines)]
    speakers = [Speaker("SPEAKER_00", 1, 8.0), Speaker("SPEAKER_01", 2, 4.0)]
    await db.transcripts.replace(ALICE, call.id, segments, speakers)
    await VoiceRecognition(db, 0.8).recognise(call, VoicePrints(MODEL, {"SPEAKER_00": near(1), "SPEAKER_01": voice(7)}))
    assert await names(db, call) == {"SPEAKER_00": "Alice 🔊", "SPEAKER_01": "Speaker 2"}  # the voice is Alice's…
    await NameFinder(db).find(call)  # …the call says Maria: kept, not offered while the speaker is "Alice 🔊"
    assert await offers(db, call) == []
    (asked,) = await open_questions(db, call)
    assert await db.voices.answer(ALICE, call.id, "SPEAKER_00", asked.person_id or 0, yes=False) is not None  # ❌
    (offer,) = await offers(db, call)
    assert (offer.speaker.number, offer.suggestion.label, offer.suggestion.name) == (1, "SPEAKER_00", "Maria")
