"""Forged callback data on the user's own calls and people: whatever a client puts in a button's data, the bot
answers with the usual "not available" alert of that button, never "Something went wrong" — for data in the format
of today's codec and in the format of the buttons sent before it. A throwaway button family, registered here, goes
through the real dispatcher: its handler gets the decoded button and the presser's call, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from bot.app.menu_buttons import ROUTES, on_call
from bot.buttons.codec import ButtonError, CallButton, button, encode
from bot.buttons.press import CallPress
from bot.shared.context import BotContext
from database import Database
from tests.bot.conftest import make_settings
from tests.bot.conversation_support import StoredCall, dead_api, seed
from tests.bot.harness import running_bot
from tests.fakes.bot_api import BotApiEmulator
from tests.fakes.bot_api_types import TgUser

LINES = [("SPEAKER_00", "Welcome, today we plan the release."), ("SPEAKER_01", "The budget is forty thousand.")]
NOT_YOUR_CALL = {"text": "This is not your call.", "show_alert": True}
PERSON_GONE = {"text": "This person is no longer in your profiles.", "show_alert": True}
QUESTION_GONE = {"text": "This question is no longer open.", "show_alert": True}
OUTDATED = {"text": "This button is outdated, please open the call again.", "show_alert": True}
HUGE = "9" * 40  # fits a button's 64 bytes; past SQLite's 64-bit integers


async def _person(path: Path, user_id: int, call_id: int) -> int:
    """Ivan, a profile learnt from the call's first speaker (as a rename teaches it)."""
    db = await Database.open(path)
    try:
        vector = np.ones(256, dtype=np.float32).tobytes()
        await db.voices.save_speakers(user_id, call_id, [("SPEAKER_00", "resemblyzer", vector)])
        person = await db.voices.learn(user_id, call_id, "SPEAKER_00", "Ivan")
        assert person is not None
        return person
    finally:
        await db.aclose()


async def test_malformed_button_data_gets_the_usual_not_available_answer(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    user = TgUser(311)
    settings = make_settings(tmp_path, emulator, dead_api())
    (call,) = await seed(settings.database_path, user.id, [StoredCall("Planning", LINES)])
    person = await _person(settings.database_path, user.id, call)
    expected = {
        f"spk:{call}:abc": NOT_YOUR_CALL,  # a speaker index that is no number
        f"spk:{call}:²": NOT_YOUR_CALL,  # a digit to str.isdigit, not to int()
        f"spk:{call}:{HUGE}": NOT_YOUR_CALL,
        f"spk:{HUGE}:0": NOT_YOUR_CALL,  # a call id past SQLite's integers
        f"rediarn:{call}:²": NOT_YOUR_CALL,
        f"rediarn:{call}:{HUGE}": NOT_YOUR_CALL,
        f"cancel:{HUGE}": NOT_YOUR_CALL,
        f"pmi:{person}:abc": PERSON_GONE,  # merge into a person that is no number
        f"pmi:{person}:{HUGE}": PERSON_GONE,
        f"pr:{HUGE}": NOT_YOUR_CALL,  # no button carries such data: the refusal any unknown data gets
        f"vy:{call}:SPEAKER_00.²": QUESTION_GONE,  # "is this Ivan?" naming no person
        f"vn:{call}:SPEAKER_00.x": QUESTION_GONE,
    }
    emulator.send_text(user, "/people")
    async with running_bot(settings):
        card = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)), None))
        pressed = {emulator.press(user, card, data): data for data in expected}
        await emulator.wait_for(lambda: all(q in emulator.callback_answers for q in pressed), what="every answer")
    answers = {data: emulator.callback_answers[query] for query, data in pressed.items()}
    assert answers == expected
    texts = [m.text or "" for m in emulator.messages(user.id)]
    assert not any("went wrong" in text for text in texts), texts
    db = await Database.open(settings.database_path)
    try:
        assert [p.name for p in await db.voices.people(user.id)] == ["Ivan"]  # nothing merged, deleted or renamed
    finally:
        await db.aclose()


@button("zzp")
@dataclass(frozen=True)
class Ping(CallButton):
    """A throwaway family, registered and routed by this test only: one dataclass and one handler."""

    times: int
    loud: bool


pinged: list[tuple[Ping, str]] = []


async def on_ping(press: CallPress[Ping], context: BotContext) -> None:
    pinged.append((press.button, press.call.title or ""))
    await press.query.answer(f"pong ×{press.button.times}{'!' if press.button.loud else ''}")


async def test_a_new_family_goes_through_the_dispatcher_and_forged_or_foreign_data_never_reaches_handlers(
    tmp_path: Path, emulator: BotApiEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ROUTES, Ping, on_call(Ping, on_ping))
    user, stranger = TgUser(321), TgUser(322, language_code="ru")
    settings = make_settings(tmp_path, emulator, dead_api())
    (call,) = await seed(settings.database_path, user.id, [StoredCall("Planning", LINES)])
    person = await _person(settings.database_path, user.id, call)
    ping = encode(Ping(call, 3, True))
    expected = [
        (user, ping, {"text": "pong ×3!", "show_alert": False}),
        (user, encode(Ping(call, 0, False)), {"text": "pong ×0", "show_alert": False}),
        (stranger, ping, {"text": "Это не ваш звонок.", "show_alert": True}),  # checked before the handler
        (user, encode(Ping(call + 1, 3, True)), NOT_YOUR_CALL),  # no such call
        (user, f"zzp2:{call}:3:1", OUTDATED),  # another version of the family
        (user, f"zzp1:{call}:3", NOT_YOUR_CALL),  # a field too few
        (user, f"zzp1:{call}:3:1:", NOT_YOUR_CALL),  # an extra separator
        (user, f"zzp1:{call}:-3:1", NOT_YOUR_CALL),
        (user, f"zzp1:{call}:3:yes", NOT_YOUR_CALL),
        (user, f"zzp1:{call}:{HUGE}", NOT_YOUR_CALL),
        (user, f"zzp1:{call}:3:1" + ":1" * 30, NOT_YOUR_CALL),  # over-long
        (user, f"va1:{call}:SPEAKER_00:x:1", QUESTION_GONE),  # today's data of real families, forged
        (user, f"pmg1:{person}:{HUGE}", PERSON_GONE),
        (user, f"sp1:{call}:²", NOT_YOUR_CALL),
        (user, f"ex1:{call}:exe", NOT_YOUR_CALL),
        (user, "lg1:fr", NOT_YOUR_CALL),
    ]
    emulator.send_text(user, "/calls")
    async with running_bot(settings):
        card = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)), None))
        pressed = [emulator.press(who, card, data) for who, data, _ in expected]
        await emulator.wait_for(lambda: all(q in emulator.callback_answers for q in pressed), what="every answer")
    assert [emulator.callback_answers[q] for q in pressed] == [answer for _, _, answer in expected]
    assert pinged == [(Ping(call, 3, True), "Planning"), (Ping(call, 0, False), "Planning")]  # the decoded button
    assert len(f"zzp1:{call}:3:1" + ":1" * 30) > 64
    with pytest.raises(ButtonError):
        encode(Ping(call, 10**15, True))
