"""One call per Telegram message, and a fair share for everyone: a user's calls beyond the limit wait their turn,
say so truthfully, and keep waiting across a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from database import CallStatus, Database
from tests.bot.conftest import make_settings
from tests.bot.harness import running_bot
from tests.fakes.bot_api import BotApiEmulator, BotMessage, TgUser
from tests.support import media
from tests.support.transcription_service import TranscriptionService

WAITING = "🕓 Waiting: 2 of your recordings in progress; this one starts when one of them is done."


@pytest.fixture(scope="module")
def three_notes(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("three")
    notes = []
    for i, topic in enumerate(("budget", "hiring", "roadmap")):
        wav = root / f"{topic}.wav"
        media.synthesize_lines(wav, [("A", f"Number {i + 1}. We talk about the {topic}."), ("B", "Fine.")])
        notes.append(media.to_voice_note(wav, root / f"{topic}.ogg"))
    return notes


async def test_an_update_delivered_twice_makes_one_call_and_one_reply(
    tmp_path: Path, emulator: BotApiEmulator, transcription_service: TranscriptionService, three_notes: list[Path]
) -> None:
    user = TgUser(501)
    async with running_bot(make_settings(tmp_path, emulator, transcription_service.url)):
        update_id = emulator.send_media(user, "voice", three_notes[0], mime="audio/ogg")
        emulator.deliver_again(update_id)  # both in one batch: handled concurrently
        await emulator.wait_for(lambda: emulator.documents(user.id), timeout=90)
        status = emulator.messages(user.id)[0]
        await emulator.wait_for(lambda: status.text.startswith("✅"))
        polls = emulator.method_count("getUpdates")
        emulator.deliver_again(update_id)  # and once more, long after
        await emulator.wait_for(lambda: emulator.method_count("getUpdates") > polls + 2, 30)  # it was handled
    assert [m.edits[0] for m in emulator.messages(user.id) if m.edits][:1] == ["📥 Received: 🎤 voice"]
    assert sum(1 for m in emulator.messages(user.id) if m.edits and m.edits[0].startswith("📥")) == 1
    assert len(emulator.documents(user.id)) == 1
    db = await Database.open(tmp_path / "bot.sqlite3")
    try:
        (call,) = await db.calls.list_for_user(user.id)
    finally:
        await db.aclose()
    assert call.status is CallStatus.DONE and call.message_id is not None


def call_order(emulator: BotApiEmulator, message: BotMessage, prefixes: tuple[str, ...]) -> list[int]:
    """Positions (in the order the bot made its API calls) of edits of ``message`` starting with ``prefixes``."""
    return [
        i
        for i, (method, params) in enumerate(emulator.calls)
        if method == "editMessageText"
        and int(params.get("message_id", 0)) == message.message_id
        and str(params.get("text", "")).startswith(prefixes)
    ]


async def test_a_third_recording_waits_for_a_free_slot_even_across_a_restart(
    tmp_path: Path, emulator: BotApiEmulator, transcription_service: TranscriptionService, three_notes: list[Path]
) -> None:
    user = TgUser(502)
    settings = make_settings(tmp_path, emulator, transcription_service.url, max_active_calls_per_user=2)
    async with running_bot(settings):
        for note in three_notes:
            emulator.send_media(user, "voice", note, mime="audio/ogg")
        third = await emulator.wait_for(
            lambda: next((m for m in emulator.messages(user.id) if m.text.startswith("🕓")), None), timeout=30
        )
    assert third.text == WAITING
    async with running_bot(settings):  # restarted while two run and one waits: the limit still holds
        await emulator.wait_for(lambda: len(emulator.documents(user.id)) == 3, timeout=180)
        await emulator.wait_for(lambda: third.text.startswith("✅"))
    first, second = (m for m in emulator.messages(user.id) if m.edits and m is not third and m.edits[0][0] == "📥")
    assert not any(e.startswith("🕓") for e in first.edits + second.edits)  # the first two never waited
    freed = min(call_order(emulator, first, ("✅",)) + call_order(emulator, second, ("✅",)))
    started = min(call_order(emulator, third, ("⏳ In the queue", "🎙")))
    assert freed < started, third.edits  # it reached the service only after one of the two was done
    assert third.edits[:2] == ["📥 Received: 🎤 voice", WAITING]
