"""Restart safety: a killed bot resumes its calls and delivers once; an API outage is waited out."""

from __future__ import annotations

import asyncio
from pathlib import Path

from database import CallStatus
from tests.bot.conftest import make_settings
from tests.bot.harness import running_bot, the_only_call
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.fakes.llm_server import FakeLLM
from tests.fakes.serving import free_port
from tests.support.bot_process import BotProcess
from tests.support.transcription_service import TranscriptionService


async def test_killed_bot_resumes_the_call_and_delivers_exactly_once(
    tmp_path: Path,
    emulator: BotApiEmulator,
    fake_llm: FakeLLM,
    transcription_service: TranscriptionService,
    recordings: dict[str, Path],
) -> None:
    user = TgUser(401)
    settings = make_settings(tmp_path, emulator, transcription_service.url, llm_base_url=fake_llm.base_url)
    first = BotProcess(settings, tmp_path / "bot.log").start()
    emulator.send_media(user, "voice", recordings["long_voice"], mime="audio/ogg", duration=75)
    status = await emulator.wait_for(  # the call is saved as transcribing before its status message says so
        lambda: next((m for m in emulator.messages(user.id) if m.text.startswith("🎙")), None), 120
    )
    first.kill()  # mid-transcription: a 75 s recording takes the service several seconds
    call = await the_only_call(settings.database_path, user.id)
    assert call.status is CallStatus.TRANSCRIBING and call.job_id
    assert emulator.documents(user.id) == []

    second = BotProcess(settings, tmp_path / "bot.log").start()
    await emulator.wait_for(lambda: emulator.documents(user.id), timeout=120)
    await emulator.wait_for(lambda: status.text.startswith("✅"), timeout=30)
    assert second.stop() == 0

    third = BotProcess(settings, tmp_path / "bot3.log").start()  # a later restart must not deliver again
    getme_before = emulator.method_count("getMe")
    await emulator.wait_for(lambda: emulator.method_count("getMe") > getme_before, 60)
    polls = emulator.method_count("getUpdates")
    await emulator.wait_for(lambda: emulator.method_count("getUpdates") > polls + 1, 30)  # post_init has run
    assert "resumed 0 unfinished call(s)" in (tmp_path / "bot3.log").read_text()  # so nothing can deliver again
    assert third.stop() == 0

    assert len(emulator.documents(user.id)) == 1
    summaries = [m for m in emulator.messages(user.id) if "<b>Summary</b>" in (m.text or "")]
    assert len(summaries) == 1 and len(emulator.messages(user.id)) == 4  # status, summary, picture, transcript
    assert sum(1 for m in emulator.messages(user.id) if m.photo) == 1
    assert len(fake_llm.requests) == 2  # the summary and the names heard in the call, once
    call = await the_only_call(settings.database_path, user.id)
    assert call.status is CallStatus.DONE and call.delivered_at is not None


async def test_api_outage_is_reported_and_the_call_finishes_when_it_returns(
    tmp_path: Path, emulator: BotApiEmulator, recordings: dict[str, Path]
) -> None:
    user = TgUser(402)
    service = TranscriptionService(tmp_path / "service", port=free_port())
    settings = make_settings(tmp_path, emulator, service.url)
    async with running_bot(settings):
        emulator.send_media(user, "voice", recordings["voice"], mime="audio/ogg")
        status = await emulator.wait_for(
            lambda: next((m for m in emulator.messages(user.id) if m.text.startswith("⚠️")), None)
        )
        assert "not reachable right now" in status.text
        await asyncio.to_thread(service.start)  # the API comes back
        try:
            await emulator.wait_for(lambda: emulator.documents(user.id), timeout=120)
            await emulator.wait_for(lambda: status.text.startswith("✅"))
        finally:
            await asyncio.to_thread(service.stop)
    down = next(i for i, edit in enumerate(status.edits) if edit.startswith("⚠️"))
    assert any(edit.startswith(("⏳", "🎙")) for edit in status.edits[down + 1 :])  # progress resumed
    assert (await the_only_call(settings.database_path, user.id)).status is CallStatus.DONE
