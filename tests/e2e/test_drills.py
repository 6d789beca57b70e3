"""Reliability drill: the transcription API is killed with five jobs in its queue; every call still arrives once."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from database import CallStatus, Database
from tests.e2e.conftest import SERVICE_KEY, make_settings
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.fakes.llm_server import FakeLLM
from tests.fakes.serving import free_port
from tests.speech import synthesize
from tests.support import media
from tests.support.bot_process import BotProcess
from tests.support.transcription_service import TranscriptionService

TOPICS = ["the budget", "the release", "hiring", "the contract", "the roadmap"]


@pytest.fixture(scope="module")
def five_voice_notes(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("five")
    notes = []
    for i, topic in enumerate(TOPICS):
        lines = [("bob", f"Let us talk about {topic} today."), ("alice", f"Fine, {topic} is ready for Friday."),
                 ("bob", "Great, then we are done. Thank you all.")] * 2  # fmt: skip
        wav = synthesize(lines, root / f"call{i}.wav").path
        notes.append(media.to_voice_note(wav, root / f"call{i}.ogg"))
    return notes


async def wait_until(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await asyncio.to_thread(predicate):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def test_api_killed_with_five_jobs_queued_delivers_all_five_exactly_once(
    tmp_path: Path, emulator: BotApiEmulator, fake_llm: FakeLLM, five_voice_notes: list[Path]
) -> None:
    service = TranscriptionService(tmp_path / "service", port=free_port(), api_key=SERVICE_KEY)
    await asyncio.to_thread(service.start)
    settings = make_settings(tmp_path, emulator, service.url, llm_base_url=fake_llm.base_url)
    bot = BotProcess(settings, tmp_path / "bot.log").start()
    user = TgUser(601)
    try:
        for note in five_voice_notes:
            emulator.send_media(user, "voice", note, mime="audio/ogg", duration=20)

        def five_in_the_service() -> bool:
            queue = service.health()["queue"]
            return queue["processing"] == 1 and queue["queued"] == 4  # type: ignore[index]

        await wait_until(five_in_the_service, 90, "five jobs in the service's queue")
        await asyncio.to_thread(service.kill)
        await asyncio.sleep(3)  # the bot meets a dead service for a while
        await asyncio.to_thread(service.start)
        await emulator.wait_for(lambda: len(emulator.documents(user.id)) >= 5, timeout=240)
        await asyncio.sleep(3)  # anything duplicated would show up now
    finally:
        bot.stop()
        await asyncio.to_thread(service.stop)
    transcripts = emulator.documents(user.id)
    assert len(transcripts) == 5 and all(m.document for m in transcripts)
    summaries = [m for m in emulator.messages(user.id) if "<b>Summary</b>" in (m.text or "")]
    assert len(summaries) == 5
    db = await Database.open(settings.database_path)
    try:
        calls = await db.calls.list_for_user(user.id)
    finally:
        await db.close()
    assert len(calls) == 5 and all(c.status is CallStatus.DONE and c.delivered_at for c in calls)
    # one transcript per call (files are named <recording>-<call id>.txt): none missing, none twice
    assert sorted(int(m.filename.rsplit("-", 1)[1].removesuffix(".txt")) for m in transcripts) == sorted(
        c.id for c in calls
    )
