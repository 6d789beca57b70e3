"""Drives one call through its statuses; every step reads the saved state, so a restart resumes anywhere."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bot.deletion.service_deletions import UPLOAD_SETTLE_S
from bot.options.call_options import CallOptions
from bot.pipeline.job_follow import JobFollower
from bot.pipeline.ports import CallReporter, FileSource, JobCleanup, NameSuggester, PassageIndex, Summarizer
from bot.pipeline.progress_view import Progress, ProgressStage
from bot.pipeline.service_patience import retrying
from bot.pipeline.summarizing import make_summary
from bot.pipeline.transcript_preview import TranscriptPreview
from bot.recordings.audio_copies import AudioCopies
from bot.recordings.media import audio_for_upload
from bot.shared.errors import (
    BotError,
    JobNotFound,
    SummaryError,
    TranscriptionRejected,
)
from bot.shared.transcripts import speakers_from, transcript_for
from bot.speakers.voices.recognition import VoiceRecognition
from bot.summaries.summary import Summary
from bot.transcription.client import ServiceJob, ServiceJobStatus, TranscriptionClient
from bot.transcription.job_ids import new_job_id, user_tag
from database import Call, CallStatus, Database

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class PipelineOptions:
    work_dir: Path
    language: str | None = None
    ffmpeg_timeout_s: float = 1800.0
    poll_interval: float = 2.0
    quiet_poll_interval: float = 15.0  # following by events: a status poll after this long without an event
    transcript_preview_after_s: float | None = 120.0  # streamed lines shown once they reach this far; None: never
    retry_initial_delay: float = 2.0
    retry_max_delay: float = 60.0
    retry_give_up_after: float = 24 * 3600.0
    stall_notice_after: float = 300.0  # no change of the job for this long: the status message says so
    stall_give_up_after: float = 6 * 3600.0  # no change for this long: the call fails with a Retry button


class CallPipeline:
    def __init__(
        self,
        db: Database,
        client: TranscriptionClient,
        summarizer: Summarizer | None,
        reporter: CallReporter,
        files: FileSource,
        options: PipelineOptions,
        voices: VoiceRecognition,
        cleanup: JobCleanup | None = None,
        passages: PassageIndex | None = None,
        audio: AudioCopies | None = None,
        names: NameSuggester | None = None,
    ) -> None:
        self.db, self.client, self.summarizer = db, client, summarizer
        self.reporter, self.files, self.options, self.cleanup = reporter, files, options, cleanup
        self.passages = passages
        self.audio = audio  # the copies the Mini App's player streams; None: none are kept
        self.names = names  # names heard in the call, offered as buttons with the summary; None: none
        self._tag_salt: str | None = None
        self.voices = voices  # speakers named by voice when the transcript is stored
        self.follower = JobFollower(client, options)

    def jobs_released(self) -> None:
        """Jobs were queued for deletion on the service: have them deleted now."""
        if self.cleanup is not None:
            self.cleanup.wake()

    async def run(self, user_id: int, call_id: int) -> None:
        """Advance the call until it is finished, waiting on the user, or failed."""
        call = await self.db.calls.get(user_id, call_id)
        try:
            while call is not None and await self._step(call):
                call = await self.db.calls.get(user_id, call_id)
        except asyncio.CancelledError:
            raise
        except BotError as exc:
            log.warning("call %s failed: %r", call_id, exc)
            await self._fail(user_id, call_id, exc)
        except Exception:
            log.exception("call %s failed unexpectedly", call_id)
            await self._fail(user_id, call_id, None)

    async def _step(self, call: Call) -> bool:
        if call.status is CallStatus.RECEIVED:
            await self._start_transcription(call)
        elif call.status in (CallStatus.QUEUED, CallStatus.TRANSCRIBING):
            await self._await_transcript(call)
        elif call.status is CallStatus.SUMMARIZING:
            await self._summarize(call)
        elif call.status is CallStatus.DONE and call.delivered_at is None:
            await self._deliver(call)
            return False
        else:
            return False
        return True

    async def _fail(self, user_id: int, call_id: int, error: BotError | None) -> None:
        call = await self.db.calls.get(user_id, call_id)
        if call is None or not call.status.is_active:
            return
        detail = str(error) if error else "internal error"
        failed = {"status": CallStatus.FAILED, "error": detail, "finished_at": time.time()}
        if isinstance(error, TranscriptionRejected):  # the upload was refused: no job exists under the saved id
            failed["job_id"] = None
        else:
            await self.db.calls.release_job(user_id, call_id, settle_s=UPLOAD_SETTLE_S)
        await self.db.calls.update(user_id, call_id, **failed)
        self.jobs_released()
        if self.audio is not None:
            await self.audio.remove([call_id])
        await self.reporter.failed(call, error)

    async def _retrying(self, call: Call, action: Callable[[], Awaitable[T]]) -> T:
        """Run ``action``; while the service is unreachable, tell the user once and retry with backoff."""

        return await retrying(action, self.options, f"call {call.id}", lambda: self._tell_outage(call))

    async def _tell_outage(self, call: Call) -> None:
        await self.reporter.progress(call, Progress(ProgressStage.API_DOWN), force=True)

    async def _start_transcription(self, call: Call) -> None:
        """Submit the call's audio under a job id saved before the upload, so no crash, timeout or retry can ever
        leave two jobs: a job id saved by an earlier run is first looked up on the service."""
        if await self._reuse_earlier(call):
            return
        job: ServiceJob | None = None
        if call.job_id is not None:  # an earlier run may have died between the upload and recording it
            job = await self._retrying(call, lambda: self._find_job(call.job_id or ""))
        if job is None:
            job = await self._upload(call, call.job_id)
        await self.db.calls.update(call.user_id, call.id, status=CallStatus.QUEUED, job_id=job.task_id)
        queued = Progress(ProgressStage.QUEUED, queue_position=job.queue_position)
        await self.reporter.progress(call, queued, force=True)

    async def _reuse_earlier(self, call: Call) -> bool:
        """Copy the transcript of an earlier call of the user for the same file, if there is one."""
        earlier = await self.db.calls.find_transcribed(call.user_id, call.file_unique_id, exclude_id=call.id)
        if earlier is None or _options(earlier) != _options(call):  # asked for other speakers, language, words
            return False
        await self.db.transcripts.copy(call.user_id, earlier.id, call.id)
        if self.audio is not None:
            await self.audio.reuse(earlier, call)
        await self.db.calls.update(
            call.user_id,
            call.id,
            status=CallStatus.SUMMARIZING,
            language=earlier.language,
            duration=earlier.duration,
        )
        await self.reporter.progress(call, Progress(ProgressStage.REUSED), force=True)
        return True

    async def _find_job(self, job_id: str) -> ServiceJob | None:
        try:
            return await self.client.status(job_id)
        except JobNotFound:
            return None

    async def _upload(self, call: Call, job_id: str | None) -> ServiceJob:
        tag = await self._user_tag(call.user_id)
        tries = 0
        async with (
            self.files.open(call) as source,
            audio_for_upload(
                source, call.source_kind, call.mime_type, self.options.work_dir, self.options.ffmpeg_timeout_s
            ) as audio,
        ):
            await self._note_read_in_place(call, source)
            if job_id is None:
                job_id = new_job_id()
                await self.db.calls.update(call.user_id, call.id, job_id=job_id)  # saved before the first byte
            chosen, prints = job_id, await self.voices.wanted(call.user_id)
            name = f"{Path(call.file_name or 'audio').stem}{audio.suffix or '.bin'}"

            async def submit() -> ServiceJob:
                nonlocal tries
                tries += 1
                if tries > 1 and (landed := await self._find_job(chosen)) is not None:
                    return landed  # the previous try reached the service after all: never send it twice
                return await self.client.submit(
                    audio,
                    filename=name,
                    language=self.options.language,
                    task_id=chosen,
                    user_tag=tag,
                    options=_options(call).service_fields(),
                    speaker_embeddings=prints,
                )

            job = await self._keeping_audio(call, audio, self._retrying(call, submit))
        if job.task_id != chosen:
            log.warning("the transcription service ignored the job id of call %s (no task_id support)", call.id)
        return job

    async def _keeping_audio(self, call: Call, audio: Path, upload: Awaitable[T]) -> T:
        """Await ``upload`` while the call's audio copy for the player is made beside it from the same file."""
        if self.audio is None:
            return await upload
        keeping = asyncio.create_task(self.audio.keep(call, audio), name=f"audio-copy-{call.id}")
        try:
            result = await upload
        except BaseException:
            keeping.cancel()
            await asyncio.wait([keeping])
            raise
        await keeping
        return result

    async def _note_read_in_place(self, call: Call, source: Path) -> None:
        """Remember where a recording read in place lives (not a temporary download): deleting the call may
        remove that original too (``BOT_DELETE_ORIGINALS``)."""
        if not source.resolve().is_relative_to(self.options.work_dir.resolve()) and call.local_path != str(source):
            await self.db.calls.update(call.user_id, call.id, local_path=str(source))

    async def _user_tag(self, user_id: int) -> str:
        if self._tag_salt is None:
            self._tag_salt = await self.db.install_secret("user_tag_salt")
        return user_tag(self._tag_salt, user_id)

    async def _await_transcript(self, call: Call) -> None:
        assert call.job_id is not None
        job_id, status = call.job_id, call.status

        async def waiting(job: ServiceJob, progress: Progress) -> None:
            nonlocal status
            if job.status is ServiceJobStatus.PROCESSING and status is not CallStatus.TRANSCRIBING:
                status = CallStatus.TRANSCRIBING
                await self.db.calls.update(call.user_id, call.id, status=status)
            await self.reporter.progress(call, progress)

        preview = TranscriptPreview(self.options.transcript_preview_after_s)
        await self.follower.until_completed(job_id, waiting, lambda: self._tell_outage(call), preview)
        await self.reporter.progress(call, Progress(ProgressStage.TRANSCRIBING, percent=100.0))
        result = await self._retrying(call, lambda: self.client.result(job_id))
        speakers = speakers_from(result.segments)
        await self.db.transcripts.replace(call.user_id, call.id, result.segments, speakers)
        await self.voices.recognise(call, result.voices)  # before the summary, so that it has the names
        await self.db.calls.mark_transcribed(call.user_id, call.id, result.language, result.duration)
        self.jobs_released()  # the transcript is ours now: the service may delete its copy

    async def _summarize(self, call: Call) -> None:
        await self.reporter.progress(call, Progress(ProgressStage.SUMMARIZING), force=True)
        transcript = await transcript_for(self.db, call)
        if transcript.lines:
            try:
                made = await make_summary(self.db, self.summarizer, call, transcript.lines)
            except SummaryError as exc:
                await self.db.calls.update(call.user_id, call.id, status=CallStatus.SUMMARY_FAILED, error=str(exc))
                await self.reporter.summary_failed(call, str(exc), transcript.text)
                return
            summary = made.summary
            await self.db.summaries.save(
                call.user_id, call.id, summary.made_by, call.language, summary.model_dump_json(), notes=made.notes
            )
            if self.passages is not None:  # embeddings for answers, made while the call is fresh
                await self.passages.index_call(call)
            if self.names is not None:  # offered under the summary about to be delivered
                await self.names.find(call)
        await self.db.calls.update(call.user_id, call.id, status=CallStatus.DONE, error=None)

    async def _deliver(self, call: Call) -> None:
        stored = await self.db.summaries.get(call.user_id, call.id)
        summary = Summary.model_validate_json(stored.content) if stored else None
        transcript = await transcript_for(self.db, call)
        await self.reporter.deliver(call, summary, transcript.text)
        now = time.time()
        await self.db.calls.update(call.user_id, call.id, delivered_at=now, finished_at=now)
        await self.reporter.progress(call, Progress(ProgressStage.DONE, elapsed_s=now - call.created_at), force=True)


def _options(call: Call) -> CallOptions:
    return CallOptions.from_json(call.transcription_options)
