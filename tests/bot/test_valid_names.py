"""The one rule for names (a speaker's typed or heard, a person's in /people), and the rename of a speaker as a
service on a real SQLite file: the name is stored with who gave it, the voice learns it, "Speaker N" takes it back."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from bot.pipeline.summary_messages import SummaryMessages
from bot.speakers.names.heard import HeardName, Line, choose
from bot.speakers.names.model_names import parse_names
from bot.speakers.names.valid_names import NAME_CHARS, typed_name, valid_name
from bot.speakers.renaming import SpeakerRenaming
from bot.speakers.voices.recognition import VoiceRecognition
from bot.texts import EN, RU
from bot.transcription.client import VoicePrints
from database import Database, NamedBy, Segment, Speaker
from database.calls import NewCall

USER = 7
MODEL = "resemblyzer 0.1.4"


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("  Ivan \n Petrov ", "Ivan Petrov"),
        ("Мария", "Мария"),
        ("R2-D2", "R2-D2"),
        ("a" * NAME_CHARS, "a" * NAME_CHARS),
        ("", None),
        ("   ", None),
        (None, None),
        ("a" * (NAME_CHARS + 1), None),
        ("[00:12 · Ivan]", None),
        ("Ivan ·", None),
        ("Ivan]", None),
        ("42", None),
        ("—", None),
    ],
)
def test_one_rule_for_every_name(typed: str | None, name: str | None) -> None:
    assert typed_name(typed) == name
    assert valid_name(" ".join((typed or "").split())) is (name is not None)


def test_heard_names_follow_the_same_rule() -> None:
    speakers = [Speaker("A", 1, 10.0), Speaker("B", 2, 10.0)]
    heard = [HeardName("A", "42", 0.0, 3.0), HeardName("B", "Anna [x]", 1.0, 3.0), HeardName("B", "Anna", 2.0, 1.0)]
    assert [(s.label, s.name) for s in choose(heard, speakers)] == [("B", "Anna")]
    part = [Line(0.0, "A", "Hi, I am 007."), Line(1.0, "B", "And I am Anna.")]
    answer = json.dumps(
        {
            "names": [
                {"speaker": "S1", "name": "007", "quote": "I am 007"},
                {"speaker": "S2", "name": "Anna", "quote": "I am Anna"},
            ]
        }
    )
    assert [(h.label, h.name) for h in parse_names(answer, part, {"S1": "A", "S2": "B"})] == [("B", "Anna")]


@pytest.fixture
async def db(tmp_path: Path):
    database = await Database.open(tmp_path / "bot.sqlite3")
    await database.users.upsert(USER, "en", "U")
    yield database
    await database.aclose()


class SentMessages:
    """The Telegram side of a summary sent anew: what was sent, nothing else."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    async def send_message(self, chat_id: int, text: str, **_: object) -> SimpleNamespace:
        self.texts.append(text)
        return SimpleNamespace(message_id=len(self.texts))


def renaming(db: Database, bot: SentMessages | None = None) -> SpeakerRenaming:
    summaries = SummaryMessages(bot or SentMessages(), db)  # type: ignore[arg-type]
    return SpeakerRenaming(db, VoiceRecognition(db, 0.8), summaries)


async def test_renaming_stores_the_name_and_who_gave_it_and_the_number_takes_it_back(db: Database) -> None:
    call = await db.calls.create(NewCall(USER, USER, "voice", "f", "u", "v.ogg", "audio/ogg", 1))
    segments = [Segment(0.0, 1.0, "hello", "S0"), Segment(1.0, 2.0, "hi", "S1")]
    await db.transcripts.replace(USER, call.id, segments, [Speaker("S0", 1, 1.0), Speaker("S1", 2, 1.0)])
    voice = tuple(float(x) for x in np.random.default_rng(1).normal(size=256))
    await VoiceRecognition(db, 0.8).recognise(call, VoicePrints(MODEL, {"S1": voice}, {"S1": 30.0}))
    service = renaming(db)
    renamed = await service.rename(call, "S1", "Maria", NamedBy.CONVERSATION, EN)
    assert renamed is not None and (renamed.old, renamed.summary_edited) == ("Speaker 2", None)
    (s1,) = [s for s in await db.transcripts.speakers(USER, call.id) if s.label == "S1"]
    assert (s1.number, s1.name, s1.named_by) == (2, "Maria", NamedBy.CONVERSATION)
    assert [(p.name, p.calls) for p in await db.voices.people(USER)] == [("Maria", 1)]  # the voice learnt it
    renamed = await service.rename(call, "S1", "speaker 2", NamedBy.USER, EN)  # its own default: no name again
    assert renamed is not None and renamed.old == "Maria"
    (s1,) = [s for s in await db.transcripts.speakers(USER, call.id) if s.label == "S1"]
    assert (s1.name, s1.named_by) == (None, None)
    assert [v.person_id for v in await db.voices.speakers(USER, call.id)] == [None]  # and the voice is no one's
    assert (await service.rename(call, "S1", "Спикер 2", NamedBy.USER, RU)) is not None
    assert [s.name for s in await db.transcripts.speakers(USER, call.id)] == [None, None]
    assert await service.rename(call, "S9", "Ivan", NamedBy.USER, EN) is None  # no such speaker


async def test_a_summary_written_before_the_user_changed_language_follows_a_rename(db: Database) -> None:
    call = await db.calls.create(NewCall(USER, USER, "voice", "f", "u", "v.ogg", "audio/ogg", 1))
    await db.transcripts.replace(USER, call.id, [Segment(0.0, 1.0, "привет", "S0")], [Speaker("S0", 2, 1.0)])
    summary = {"kind": "extractive", "overview": "Спикер 2 поздоровался.", "key_points": ["[00:00 · Спикер 2] привет"]}
    await db.summaries.save(USER, call.id, "extractive", "ru", json.dumps(summary, ensure_ascii=False), ["Спикер 2"])
    bot = SentMessages()
    renamed = await renaming(db, bot).rename(call, "S0", "Ivan", NamedBy.USER, EN)  # the user reads English now
    assert renamed is not None and (renamed.old, renamed.summary_edited) == ("Speaker 2", False)  # sent anew
    stored = await db.summaries.get(USER, call.id)
    assert stored is not None and "Спикер" not in stored.content and "Ivan поздоровался" in stored.content
    assert await db.summaries.notes(USER, call.id) == ["Ivan"]
    assert len(bot.texts) == 1 and "Ivan" in bot.texts[0] and "Спикер" not in bot.texts[0]


async def test_renames_of_one_call_run_one_at_a_time(db: Database) -> None:
    call = await db.calls.create(NewCall(USER, USER, "voice", "f", "u", "v.ogg", "audio/ogg", 1))
    await db.transcripts.replace(USER, call.id, [Segment(0.0, 1.0, "hello", "S0")], [Speaker("S0", 1, 1.0)])
    service = renaming(db)
    names = [f"Name{i}" for i in range(6)]
    done = await asyncio.gather(*(service.rename(call, "S0", n, NamedBy.USER, EN) for n in names))
    assert [r.old for r in done if r] == ["Speaker 1", *names[:-1]]  # each saw the one before it
