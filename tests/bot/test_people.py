"""/people through the emulator: the user's profiles, renamed, merged and deleted with buttons and a reply, and the
switch that turns voice recognition off; another user's buttons reach nothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bot.buttons.codec import encode
from bot.people.buttons import DeletePerson, MergePerson, PersonStep, StartPersonStep, SwitchRecognition
from bot.speakers.voices.recognition import VoiceRecognition
from bot.texts import EN
from bot.transcription.client import VoicePrints
from database import Database
from tests.bot.conftest import make_settings
from tests.bot.conversation_support import StoredCall, dead_api, seed
from tests.bot.harness import running_bot
from tests.fakes.bot_api import BotApiEmulator, TgUser

V = EN.voices
CALL = StoredCall("Weekly", [("SPEAKER_00", "Let us start with the budget."), ("SPEAKER_01", "It is approved.")])


async def with_people(path: Path, user_id: int) -> dict[str, int]:
    """A stored call whose two speakers the user named Ivan and Maria; their person ids."""
    (call_id,) = await seed(path, user_id, [CALL])
    db = await Database.open(path)
    try:
        call = await db.calls.get(user_id, call_id)
        assert call is not None
        rng = np.random.default_rng(5)
        labels = ("SPEAKER_00", "SPEAKER_01")
        prints = VoicePrints("resemblyzer 0.1.4", {s: tuple(float(x) for x in rng.normal(size=256)) for s in labels})
        recognition = VoiceRecognition(db, 0.86)
        await recognition.recognise(call, prints)
        await recognition.learn(user_id, call_id, "SPEAKER_00", "Ivan")
        await recognition.learn(user_id, call_id, "SPEAKER_01", "Maria")
        return {p.name: p.id for p in await db.voices.people(user_id)}
    finally:
        await db.aclose()


async def test_people_are_listed_renamed_merged_deleted_and_recognition_turned_off(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    user, stranger = TgUser(951), TgUser(952)
    settings = make_settings(tmp_path, emulator, dead_api())
    ids = await with_people(settings.database_path, user.id)
    async with running_bot(settings):
        emulator.send_text(user, "/people")
        listing = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)), None))
        lines = [V.people_line.format(name=name, calls=1) for name in ("Ivan", "Maria")]
        assert listing.text == "\n".join([V.people_title, *lines, "", V.recognition_on])
        ivan, maria = ids["Ivan"], ids["Maria"]
        assert listing.buttons == [encode(StartPersonStep(p, step)) for p in (ivan, maria) for step in PersonStep] + [
            encode(SwitchRecognition(False))
        ]
        refused = emulator.press(stranger, listing, encode(StartPersonStep(ivan, PersonStep.DELETE)))  # not theirs
        answer = await emulator.wait_for(lambda: emulator.callback_answers.get(refused))
        assert answer["text"] == V.person_gone

        emulator.press(user, listing, encode(StartPersonStep(ivan, PersonStep.RENAME)))
        await emulator.wait_for(lambda: emulator.messages(user.id)[-1].text == V.rename_prompt.format(name="Ivan"))
        emulator.send_text(user, "Ivan Petrov")
        await emulator.wait_for(
            lambda: emulator.messages(user.id)[-1].text == V.renamed.format(old="Ivan", new="Ivan Petrov")
        )

        emulator.press(user, listing, encode(StartPersonStep(maria, PersonStep.MERGE)))
        merge = encode(MergePerson(maria, ivan))
        offer = await emulator.wait_for(
            lambda: next((m for m in emulator.messages(user.id) if merge in m.buttons), None)
        )
        emulator.press(user, offer, merge)
        await emulator.wait_for(lambda: offer.text == V.merged.format(source="Maria", target="Ivan Petrov"))

        emulator.press(user, listing, encode(StartPersonStep(ivan, PersonStep.DELETE)))
        delete = encode(DeletePerson(ivan))
        confirm = await emulator.wait_for(
            lambda: next((m for m in emulator.messages(user.id) if delete in m.buttons), None)
        )
        emulator.press(user, confirm, delete)
        await emulator.wait_for(lambda: confirm.text == V.deleted.format(name="Ivan Petrov"))

        emulator.press(user, listing, encode(SwitchRecognition(False)))
        await emulator.wait_for(lambda: listing.text == f"{V.people_empty}\n\n{V.recognition_off}")
        assert listing.buttons == [encode(SwitchRecognition(True))]
    db = await Database.open(settings.database_path)
    try:
        assert await db.voices.people(user.id) == [] and not await db.voices.enabled(user.id)
        assert await db.voices.enabled(stranger.id)
    finally:
        await db.aclose()
