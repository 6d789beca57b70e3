"""Reliability drills: the transcription API is killed with five jobs in its queue, or the bot is killed while
its upload is in flight; every call still arrives once, from exactly one job."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.texts import EN
from database import CallStatus, Database
from tests.e2e.conftest import SERVICE_KEY, make_settings
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.fakes.gate_proxy import GateProxy
from tests.fakes.llm_server import FakeLLM
from tests.fakes.serving import free_port
from tests.speech import synthesize
from tests.support import media
from tests.support.bot_process import BotProcess
from tests.support.transcription_service import TranscriptionService
from tests.support.waiting import eventually

TOPICS = ["the budget", "the release", "hiring", "the contract", "the roadmap"]


@pytest.fixture(scope="module")
def five_voice_notes(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("five")
    notes = []
    for i, topic in enumerate(TOPICS):
        lines = [
            ("bob", f"Let us talk about {topic} today."),
            ("alice", f"Fine, {topic} is ready for Friday."),
            ("bob", "Great, then we are done. Thank you all."),
        ] * 2
        wav = synthesize(lines, root / f"call{i}.wav").path
        notes.append(media.to_voice_note(wav, root / f"call{i}.ogg"))
    return notes


async def settled(path: Path, user_id: int, calls: int, service: TranscriptionService) -> bool:
    """Every call is delivered and its job acknowledged (no deletion pending, no job left on the service): nothing
    is left that could deliver a second copy."""
    db = await Database.open(path)
    try:
        stored, pending = await db.calls.list_for_user(user_id), await db.deletions.all()
    finally:
        await db.aclose()
    delivered = len(stored) == calls and all(c.delivered_at for c in stored)
    return delivered and not pending and await asyncio.to_thread(stored_jobs, service) == 0


def told_service_down(emulator: BotApiEmulator, user: TgUser) -> bool:
    """The bot met the dead service: a status message of the user's says so."""
    return any(EN.status_api_down in m.edits for m in emulator.messages(user.id))


async def test_api_killed_with_five_jobs_queued_delivers_all_five_exactly_once(
    tmp_path: Path, emulator: BotApiEmulator, fake_llm: FakeLLM, five_voice_notes: list[Path]
) -> None:
    service = TranscriptionService(tmp_path / "service", port=free_port(), api_key=SERVICE_KEY)
    await asyncio.to_thread(service.start)
    settings = make_settings(  # all five at once on the service (no per-user waiting in the bot)
        tmp_path, emulator, service.url, llm_base_url=fake_llm.base_url, max_active_calls_per_user=5
    )
    bot = BotProcess(settings, tmp_path / "bot.log").start()
    user = TgUser(601)
    try:
        for note in five_voice_notes:
            emulator.send_media(user, "voice", note, mime="audio/ogg", duration=20)

        def five_in_the_service() -> bool:
            queue = service.health()["queue"]
            return queue["processing"] == 1 and queue["queued"] == 4  # type: ignore[index]

        await eventually(lambda: asyncio.to_thread(five_in_the_service), "five jobs in the service's queue", 90)
        await asyncio.to_thread(service.kill)
        await eventually(lambda: told_service_down(emulator, user), "the bot to tell the user the service is down")
        await asyncio.to_thread(service.start)
        await emulator.wait_for(lambda: len(emulator.documents(user.id)) >= 5, 240, "five transcripts")
        await eventually(  # then any duplicate would already have been sent
            lambda: settled(settings.database_path, user.id, 5, service),
            "all five calls delivered and acknowledged, with no job left on the service",
            60,
        )
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
        await db.aclose()
    assert len(calls) == 5 and all(c.status is CallStatus.DONE and c.delivered_at for c in calls)
    # one transcript per call (files are named <recording>-<call id>.txt): none missing, none twice
    assert sorted(int(m.filename.rsplit("-", 1)[1].removesuffix(".txt")) for m in transcripts) == sorted(
        c.id for c in calls
    )


def stored_jobs(service: TranscriptionService) -> int:
    """How many jobs the service holds, in any state."""
    return sum(service.health()["jobs"].values())  # type: ignore[attr-defined]


def completed_jobs(service: TranscriptionService) -> float:
    """How many jobs the service has completed since it started (its Prometheus counter)."""
    headers = {"Authorization": f"Bearer {SERVICE_KEY}"}
    text = httpx.get(f"{service.url}/metrics", headers=headers, timeout=10).text
    found = re.search(r'^transcription_jobs_finished_total\{status="completed"\} (\S+)$', text, re.M)
    return float(found.group(1)) if found else 0.0


@pytest.fixture(scope="module")
def drill_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TranscriptionService]:
    service = TranscriptionService(tmp_path_factory.mktemp("drill") / "service", api_key=SERVICE_KEY).start()
    yield service
    service.stop()


@pytest.mark.parametrize("moment", ["response", "request"], ids=["service-has-it", "service-never-got-it"])
async def test_bot_killed_between_upload_and_saving_the_job_makes_exactly_one_job(
    tmp_path: Path,
    emulator: BotApiEmulator,
    five_voice_notes: list[Path],
    drill_service: TranscriptionService,
    moment: str,
) -> None:
    """The bot dies while its upload is in flight: the service has taken it (and the bot never heard back), or
    it never reached the service. After a restart the call completes from exactly one job."""
    service = drill_service
    completed_before = await asyncio.to_thread(completed_jobs, service)
    stored_before = await asyncio.to_thread(stored_jobs, service)
    link = GateProxy(service.url)
    await link.start()
    link.hold = moment  # type: ignore[assignment]
    settings = make_settings(tmp_path, emulator, link.url)
    user = TgUser(602)
    bot = BotProcess(settings, tmp_path / "bot.log").start()
    try:
        emulator.send_media(user, "voice", five_voice_notes[0], mime="audio/ogg", duration=20)
        await asyncio.wait_for(link.holding.wait(), 90)
        bot.kill()
        db = await Database.open(settings.database_path)
        try:
            (call,) = await db.calls.list_for_user(user.id)
        finally:
            await db.aclose()
        assert call.status is CallStatus.RECEIVED and call.job_id  # the id was saved before the upload
        link.open_gate()
        bot = BotProcess(settings, tmp_path / "bot.log").start()
        await emulator.wait_for(lambda: emulator.documents(user.id), 120, "the transcript")

        async def as_before() -> bool:
            return await asyncio.to_thread(stored_jobs, service) == stored_before

        await eventually(  # the bot acknowledged its job, and nothing else of the call is left there
            as_before, "no job left on the service (was a second one made?)", 60
        )
        completed = await asyncio.to_thread(completed_jobs, service) - completed_before
    finally:
        bot.stop()
        await link.stop()
    assert completed == 1  # one job ran, and none is left over
    assert link.uploads() == 1  # the restarted bot found the job (or, if none, uploaded once more)
    assert len(emulator.documents(user.id)) == 1
