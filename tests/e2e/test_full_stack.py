"""The whole product as separate processes over HTTP: the real transcription API (packaged model), the bot
process, the Bot API emulator and the fake LLM. A user sends a two-speaker call as a voice note and as a video,
watches the status message advance, gets summary + transcript + picture, renames a speaker and asks a question."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from bot.shared.timecodes import mmss
from database import Database
from tests.bot.conversation_support import answers, citing_responder
from tests.e2e.conftest import SERVICE_KEY, make_settings
from tests.fakes.bot_api import BotApiEmulator, BotMessage, TgUser
from tests.fakes.llm_server import FakeLLM
from tests.support import media
from tests.support.bot_process import BotProcess
from tests.support.transcription_service import TranscriptionService

PROGRESS = re.compile(r"🎙 .*\d+%")


@pytest.fixture(scope="module")
def call_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("stack")
    wav = media.synthesize_call(root / "call.wav", repeats=2)
    return {"voice": media.to_voice_note(wav, root / "call.ogg"), "video": media.to_video(wav, root / "call.mp4")}


async def delivered(emulator: BotApiEmulator, user: TgUser, since: int) -> tuple[BotMessage, BotMessage, BotMessage]:
    """Wait for one call's status to reach ✅ and return (status, summary, transcript document)."""

    def done() -> BotMessage | None:
        fresh = emulator.messages(user.id)[since:]
        return next((m for m in fresh if (m.text or "").startswith("✅")), None)

    status = await emulator.wait_for(done, timeout=180)
    fresh = emulator.messages(user.id)[since:]
    summary = next(m for m in fresh if "<b>Summary</b>" in (m.text or ""))
    document = next(m for m in fresh if m.document is not None)
    assert any(m.photo and m.photo[:8] == b"\x89PNG\r\n\x1a\n" for m in fresh), "the talk-time picture"
    return status, summary, document


async def test_a_user_goes_from_recording_to_answers(
    tmp_path: Path, emulator: BotApiEmulator, fake_llm: FakeLLM, call_files: dict[str, Path]
) -> None:
    service = TranscriptionService(tmp_path / "service", api_key=SERVICE_KEY)
    await asyncio.to_thread(service.start)
    fake_llm.responder = citing_responder
    settings = make_settings(tmp_path, emulator, service.url, llm_base_url=fake_llm.base_url)
    bot = BotProcess(settings, tmp_path / "bot.log").start()
    user = TgUser(701)
    try:
        emulator.send_media(user, "voice", call_files["voice"], mime="audio/ogg", duration=30)
        status, summary, transcript = await delivered(emulator, user, 0)
        assert status.edits[0].startswith("📥") and any(PROGRESS.search(e) for e in status.edits), status.edits
        assert "Ship on Friday" in summary.text and "Send the report" in summary.text  # the model's summary
        lines = transcript.document.decode().splitlines()
        assert {line.split("] ")[1].split(":")[0] for line in lines} == {"Speaker 1", "Speaker 2"}
        assert "friday" in transcript.document.decode().lower()
        assert "Speaker 1: " in fake_llm.prompts()[0]  # the diarized transcript reached the model

        since = len(emulator.messages(user.id))
        emulator.send_media(user, "video", call_files["video"], mime="video/mp4", name="standup.mp4", duration=30)
        await delivered(emulator, user, since)

        await rename_first_speaker(emulator, user, "Ivan")
        before = len(emulator.messages(user.id))
        emulator.send_text(user, "When will the new release ship?")
        (answer,) = await emulator.wait_for(lambda: answers(emulator, user.id, before), timeout=60)
    finally:
        bot.stop()
        await asyncio.to_thread(service.stop)
    cited = re.findall(r"\[(\d\d:\d\d) · ([^\]]+)\]", answer)
    assert cited and ("Ivan" in {who for _, who in cited})
    real = await real_stamps(settings.database_path, user.id)
    assert all(stamp in real for stamp, _ in cited), (cited, real)


async def rename_first_speaker(emulator: BotApiEmulator, user: TgUser, name: str) -> None:
    since = len(emulator.messages(user.id))
    emulator.send_text(user, "/speakers")
    card = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)[since:]), None))
    emulator.press(user, card, card.buttons[0])  # spk:<call>:0
    await emulator.wait_for(lambda: len(emulator.messages(user.id)) >= since + 2)
    named = emulator.send_text(user, name)
    message_id = emulator.pushed_message(named)["message_id"]
    await emulator.wait_for(  # the name is taken: a 👌 on it, and the summary is edited in place
        lambda: (user.id, message_id, ["👌"]) in emulator.reactions, timeout=30
    )


async def real_stamps(path: Path, user_id: int) -> set[str]:
    db = await Database.open(path)
    try:
        calls = await db.calls.list_for_user(user_id)
        return {mmss(s.start) for call in calls for s in await db.transcripts.segments(user_id, call.id)}
    finally:
        await db.aclose()
