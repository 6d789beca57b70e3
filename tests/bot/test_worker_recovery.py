"""The bot never waits silently, through the Bot API emulator against the distributed service (Redis with a
password, the API, one worker whose decode a drill holds): a worker killed mid-job → the status message says the
server restarted and the recording is queued again, and once a worker is back the summary arrives once; a job that
shows no progress → the status message says so, then gives up with a Retry button that sends the recording again."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.buttons.codec import encode
from bot.pipeline.buttons import RetryCall
from bot.texts.en import EN
from database import CallStatus
from tests.bot.conftest import SERVICE_KEY, make_settings
from tests.bot.harness import running_bot, the_only_call
from tests.fakes.bot_api import BotApiEmulator, BotMessage, TgUser
from tests.support.cluster import Cluster, running
from tests.support.drills import Gate, marked
from tests.support.redis_server import RedisServer

SETTINGS = {"TRANSCRIBE_WORKER_LEASE_S": "5", "TRANSCRIBE_REAPER_INTERVAL_S": "1"}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("bot-recovery")
    redis_server = RedisServer(root / "redis").start()
    cluster = Cluster(root, redis_server, SERVICE_KEY, SETTINGS, workers=1)
    with running(cluster) as started:
        yield started


async def status_message(emulator: BotApiEmulator, user: TgUser) -> BotMessage:
    return await emulator.wait_for(lambda: emulator.messages(user.id) and emulator.messages(user.id)[0], 60)


async def test_a_worker_killed_mid_job_is_reported_and_the_summary_still_arrives_once(
    tmp_path: Path, emulator: BotApiEmulator, cluster: Cluster, recordings: dict[str, Path]
) -> None:
    user = TgUser(1901)
    gate = Gate(cluster.gates)
    recording = marked(recordings["wav"], tmp_path / "standup.wav", gate.marker)
    (worker,) = cluster.workers
    try:
        async with running_bot(make_settings(tmp_path, emulator, cluster.api.url)):
            emulator.send_media(user, "audio", recording, mime="audio/x-wav", name="standup.wav")
            status = await status_message(emulator, user)
            await asyncio.to_thread(gate.wait_held)
            worker.kill()  # SIGKILL mid-job, and no other worker: the job waits in the queue, said so
            gate.release()
            await emulator.wait_for(lambda: status.text == EN.status_requeued, 60, "the requeue notice")
            await asyncio.to_thread(worker.start, 300)  # a supervisor starts it again
            await emulator.wait_for(lambda: emulator.documents(user.id), 120, "the transcript")
            await emulator.wait_for(lambda: status.text.startswith("✅"), 30)
    finally:
        gate.release()
    requeued = status.edits.index(EN.status_requeued)
    assert any(edit.startswith("🎙") for edit in status.edits[:requeued])  # it was running when the worker died
    summaries = [m for m in emulator.messages(user.id) if EN.summary_extractive_title in (m.text or "")]
    assert len(emulator.documents(user.id)) == 1 and len(summaries) == 1
    assert "friday" in emulator.documents(user.id)[0].document.decode().lower()
    call = await the_only_call(tmp_path / "bot.sqlite3", user.id)
    assert call.status is CallStatus.DONE  # and the restarted worker ran the job once (the bot deleted it since)
    assert worker.metric("transcription_jobs_finished_total", 'status="completed"') == 1


async def test_a_job_without_progress_is_reported_then_given_up_with_a_retry_that_sends_it_again(
    tmp_path: Path, emulator: BotApiEmulator, cluster: Cluster, recordings: dict[str, Path]
) -> None:
    user = TgUser(1902)
    if not cluster.workers[0].running:
        await asyncio.to_thread(cluster.workers[0].start, 300)
    gate = Gate(cluster.gates)
    recording = marked(recordings["wav"], tmp_path / "review.wav", gate.marker)
    settings = make_settings(tmp_path, emulator, cluster.api.url, stall_notice_after=2.0, stall_give_up_after=6.0)
    try:
        async with running_bot(settings):
            emulator.send_media(user, "audio", recording, mime="audio/x-wav", name="review.wav")
            status = await status_message(emulator, user)
            await emulator.wait_for(lambda: status.text.startswith("❌"), 60, "the give-up")
            given_up = await the_only_call(settings.database_path, user.id)
            first_job = given_up.job_id
            assert status.buttons == [encode(RetryCall(given_up.id))] and given_up.status is CallStatus.FAILED
            gate.release()  # the service is healthy again
            emulator.press(user, status, status.buttons[0])
            await emulator.wait_for(lambda: emulator.documents(user.id), 120, "the transcript of the retry")
            await emulator.wait_for(lambda: status.text.startswith("✅"), 30)
    finally:
        gate.release()
    stalled = [edit for edit in status.edits if edit.startswith("⏳ The transcription server has reported no progress")]
    assert stalled and "I keep waiting" in stalled[0]
    gave_up = next(edit for edit in status.edits if edit.startswith("❌"))
    assert gave_up.startswith("❌ The transcription server reported no progress for") and "Retry" in gave_up
    call = await the_only_call(settings.database_path, user.id)
    assert call.status is CallStatus.DONE and call.job_id != first_job and len(emulator.documents(user.id)) == 1
    assert cluster.job(first_job or "").get("status") in (None, "cancelled")  # given up: cancelled, then deleted
