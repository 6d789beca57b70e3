"""Drives one call through its statuses; every step reads the saved state, so a restart resumes anywhere."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bot.errors import ApiGaveUp, BotError, JobCancelled, JobFailed, SummaryError, TranscriptionUnavailable
from bot.llm.extractive import extractive_summary
from bot.llm.summary import Summary
from bot.pipeline.media import audio_for_upload
from bot.pipeline.ports import CallReporter, FileSource, Summarizer
from bot.pipeline.transcripts import speakers_from, transcript_for
from bot.texts import texts_for
from bot.transcription_client import TranscriptionClient
from bot.views.progress_view import Progress
from database import Call, CallStatus, Database

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class PipelineOptions:
    work_dir: Path
    language: str | None = None
    ffmpeg_timeout_s: float = 1800.0
    poll_interval: float = 2.0
    retry_initial_delay: float = 2.0
    retry_max_delay: float = 60.0
    retry_give_up_after: float = 24 * 3600.0


class CallPipeline:
    def __init__(
        self,
        db: Database,
        client: TranscriptionClient,
        summarizer: Summarizer | None,
        reporter: CallReporter,
        files: FileSource,
        options: PipelineOptions,
    ) -> None:
        self.db, self.client, self.summarizer = db, client, summarizer
        self.reporter, self.files, self.options = reporter, files, options

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
        await self.db.calls.update(
            user_id, call_id, status=CallStatus.FAILED, error=detail, finished_at=time.time()
        )
        await self.reporter.failed(call, error)

    async def _retrying(self, call: Call, action: Callable[[], Awaitable[T]]) -> T:
        """Run ``action``; while the service is unreachable, tell the user once and retry with backoff."""
        delay, started, told = self.options.retry_initial_delay, time.monotonic(), False
        while True:
            try:
                return await action()
            except TranscriptionUnavailable as exc:
                if time.monotonic() - started > self.options.retry_give_up_after:
                    raise ApiGaveUp(str(exc)) from exc
                log.info("transcription service unavailable for call %s: %s", call.id, exc)
                if not told:
                    await self.reporter.progress(call, Progress("api_down"), force=True)
                    told = True
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.options.retry_max_delay)

    async def _start_transcription(self, call: Call) -> None:
        earlier = await self.db.calls.find_transcribed(call.user_id, call.file_unique_id, exclude_id=call.id)
        if earlier is not None:
            await self.db.transcripts.copy(call.user_id, earlier.id, call.id)
            await self.db.calls.update(
                call.user_id, call.id, status=CallStatus.SUMMARIZING, language=earlier.language,
                duration=earlier.duration,
            )  # fmt: skip
            await self.reporter.progress(call, Progress("reused"), force=True)
            return
        async with (
            self.files.open(call) as source,
            audio_for_upload(
                source, call.source_kind, call.mime_type, self.options.work_dir, self.options.ffmpeg_timeout_s
            ) as audio,
        ):
            name = f"{Path(call.file_name or 'audio').stem}{audio.suffix or '.bin'}"
            job = await self._retrying(
                call, lambda: self.client.submit(audio, filename=name, language=self.options.language)
            )
        await self.db.calls.update(call.user_id, call.id, status=CallStatus.QUEUED, job_id=job.task_id)
        await self.reporter.progress(call, Progress("queued", queue_position=job.queue_position), force=True)

    async def _await_transcript(self, call: Call) -> None:
        assert call.job_id is not None
        status = call.status
        while True:
            job = await self._retrying(call, lambda: self.client.status(call.job_id or ""))
            if job.status == "completed":
                break
            if job.status == "failed":
                raise JobFailed(job.error or "unknown error")
            if job.status == "cancelled":
                raise JobCancelled("cancelled on the transcription service")
            if job.status == "processing":
                if status is not CallStatus.TRANSCRIBING:
                    status = CallStatus.TRANSCRIBING
                    await self.db.calls.update(call.user_id, call.id, status=status)
                await self.reporter.progress(call, Progress("transcribing", percent=job.progress or 0.0))
            else:
                await self.reporter.progress(call, Progress("queued", queue_position=job.queue_position))
            await asyncio.sleep(self.options.poll_interval)
        await self.reporter.progress(call, Progress("transcribing", percent=100.0))
        result = await self._retrying(call, lambda: self.client.result(call.job_id or ""))
        user = await self.db.users.get(call.user_id)
        speakers = speakers_from(result.segments, texts_for(user.language if user else None).speaker)
        await self.db.transcripts.replace(call.user_id, call.id, result.segments, speakers)
        await self.db.calls.update(
            call.user_id,
            call.id,
            status=CallStatus.SUMMARIZING,
            language=result.language,
            duration=result.duration,
        )

    async def _summarize(self, call: Call) -> None:
        await self.reporter.progress(call, Progress("summarizing"), force=True)
        transcript = await transcript_for(self.db, call)
        summary: Summary | None = None
        if transcript.lines:
            try:
                summary = await self._make_summary(call, transcript.lines)
            except SummaryError as exc:
                await self.db.calls.update(
                    call.user_id, call.id, status=CallStatus.SUMMARY_FAILED, error=str(exc)
                )
                await self.reporter.summary_failed(call, str(exc), transcript.text)
                return
            await self.db.summaries.save(
                call.user_id, call.id, summary.kind, call.language, summary.model_dump_json()
            )
        await self.db.calls.update(call.user_id, call.id, status=CallStatus.DONE, error=None)

    async def _make_summary(self, call: Call, lines: list[str]) -> Summary:
        if self.summarizer is None:
            segments = await self.db.transcripts.segments(call.user_id, call.id)
            speakers = await self.db.transcripts.speakers(call.user_id, call.id)
            return extractive_summary(segments, speakers, call.language)
        return await self.summarizer.summarize(lines, call.language)

    async def _deliver(self, call: Call) -> None:
        stored = await self.db.summaries.get(call.user_id, call.id)
        summary = Summary.model_validate_json(stored.content) if stored else None
        transcript = await transcript_for(self.db, call)
        await self.reporter.deliver(call, summary, transcript.text)
        now = time.time()
        await self.db.calls.update(call.user_id, call.id, delivered_at=now, finished_at=now)
        await self.reporter.progress(call, Progress("done", elapsed_s=now - call.created_at), force=True)
