"""The bot's API client against the real transcription service: the contract, errors and the Bearer key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.pipeline.progress_view import Progress, ProgressStage
from bot.pipeline.stall_watch import StallWatch
from bot.shared.errors import JobNotFound, TranscriptionAuthError, TranscriptionRejected, TranscriptionUnavailable
from bot.transcription.client import ServiceJob, ServiceJobStatus, TranscriptionClient
from bot.transcription.job_ids import new_job_id, user_tag
from tests.bot.conftest import SERVICE_KEY
from tests.fakes.serving import free_port
from tests.support.transcription_service import TranscriptionService
from tests.support.waiting import eventually
from transcription_api.jobs.models import JobStatus


async def test_submit_poll_and_fetch_a_diarized_transcript(
    transcription_service: TranscriptionService, recordings: dict[str, Path]
) -> None:
    client = TranscriptionClient(transcription_service.url, SERVICE_KEY)
    try:
        job = await client.submit(recordings["voice"], filename="voice.ogg", language="en")
        assert job.status == "queued" and job.task_id

        async def finished() -> ServiceJob | None:
            status = await client.status(job.task_id)
            assert 0 <= (status.progress or 0) <= 100
            return status if status.status in ("completed", "failed", "cancelled") else None

        status = await eventually(finished, f"job {job.task_id} to finish", timeout=120, interval=0.1)
        assert status is not None and status.status == "completed", status
        result = await client.result(job.task_id)
    finally:
        await client.aclose()
    assert result.language == "en" and result.duration and result.duration > 5
    assert list(result.speakers) == ["SPEAKER_00", "SPEAKER_01"]  # the recording has exactly two voices
    assert all(seg.speaker in result.speakers and seg.words for seg in result.segments)
    assert all(w.start is not None and w.end is not None for seg in result.segments for w in seg.words)
    assert "friday" in " ".join(seg.text for seg in result.segments).lower()


async def test_errors_map_onto_the_bot_hierarchy(transcription_service: TranscriptionService, tmp_path: Path) -> None:
    not_media = tmp_path / "notes.mp3"
    not_media.write_bytes(b"plain text pretending to be audio " * 100)
    keyed = TranscriptionClient(transcription_service.url, SERVICE_KEY)
    anonymous = TranscriptionClient(transcription_service.url)
    wrong = TranscriptionClient(transcription_service.url, "wrong-key")
    nowhere = TranscriptionClient(f"http://127.0.0.1:{free_port()}", SERVICE_KEY, timeout=2)
    try:
        with pytest.raises(TranscriptionRejected) as rejected:
            await keyed.submit(not_media)
        assert rejected.value.status_code == 415 and "audio" in rejected.value.detail  # not a recording at all
        with pytest.raises(JobNotFound):
            await keyed.status("no-such-job")
        await keyed.cancel("no-such-job")  # nothing to cancel counts as cancelled
        for client in (anonymous, wrong):
            with pytest.raises(TranscriptionAuthError, match="401"):
                await client.status("no-such-job")
        with pytest.raises(TranscriptionUnavailable):
            await nowhere.status("any")
    finally:
        for client in (keyed, anonymous, wrong, nowhere):
            await client.aclose()


async def test_a_job_id_chosen_by_the_bot_makes_one_job_however_often_it_is_sent(
    transcription_service: TranscriptionService, recordings: dict[str, Path]
) -> None:
    """The service's side of idempotent submits: ``task_id`` names the job, a repeat answers the same job."""
    client = TranscriptionClient(transcription_service.url, SERVICE_KEY)
    job_id, ahead = new_job_id(), new_job_id()
    try:  # a 75 s recording ahead keeps the job unfinished (queued) while it is deleted
        await client.submit(recordings["long_voice"], language="en", task_id=ahead, user_tag=user_tag("s", 1))
        first = await client.submit(recordings["voice"], language="en", task_id=job_id, user_tag=user_tag("s", 1))
        again = await client.submit(recordings["voice"], language="en", task_id=job_id, user_tag=user_tag("s", 1))
        assert first.task_id == again.task_id == job_id
        assert (await client.status(job_id)).status == "queued"
        assert await client.delete(job_id) is False  # an unfinished job is cancelled first...
        assert (await client.status(job_id)).status == "cancelled"
        assert await client.delete(job_id) is True  # ...and deleting it again removes it
        with pytest.raises(JobNotFound):
            await client.status(job_id)
    finally:
        await client.cancel(ahead)
        await client.cancel(ahead)
        await client.aclose()


def test_the_bot_knows_every_status_of_the_service_and_takes_a_newer_one_for_still_running() -> None:
    assert {s.value for s in ServiceJobStatus} - {"unknown"} == {s.value for s in JobStatus}
    assert ServiceJobStatus.of("completed") is ServiceJobStatus.COMPLETED
    assert ServiceJobStatus.of("paused") is ServiceJobStatus.UNKNOWN
    job = ServiceJob("t1", ServiceJobStatus.UNKNOWN, queue_position=2, reported_status="paused")
    assert StallWatch(notice_after=300, give_up_after=600).progress(job) == Progress(
        ProgressStage.QUEUED, queue_position=2
    )
