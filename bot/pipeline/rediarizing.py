"""Finding a call's speakers again with a given count, without transcribing it again.

The call's stored words (text and times) and its compact audio copy (the one the Mini App plays) go to the
transcription service as a diarization-only job (``diarize_only`` + ``words``): it finds who spoke when and gives
each word its speaker, with no speech recognition. The new speakers replace the old ones in one transaction that
also sends the call back to ``summarizing`` (see ``TranscriptQueries.replace_speakers``), so the summary is made
again, also after a restart. The job id is queued for deletion before the upload, due hours later, and made due at
once when the transcript is stored or the attempt fails: a crash anywhere leaves no job on the service for good.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from bot.pipeline.runner import CallPipeline
from bot.pipeline.service_patience import retrying, until_completed
from bot.shared.errors import BotError
from bot.shared.transcripts import speakers_from
from bot.transcription.client import TranscriptResult
from bot.transcription.job_ids import new_job_id, user_tag
from database import Call, Segment

T = TypeVar("T")
RESERVE_S = 6 * 3600.0  # a job left behind by a crash is deleted this long after it was made


class AudioGone(BotError):
    """The call's audio copy is not kept (any more): its speakers cannot be found again."""


class NoWords(BotError):
    """The call's transcript has no timed words to give speakers to."""


def given_words(segments: Sequence[Segment]) -> list[dict[str, Any]]:
    """The stored words as the service takes them, in time order. Whether a space came before each word is read
    back from the segment's text (whisper glues some pieces, "$47" + ",000"); times out of order are clamped."""
    words: list[dict[str, Any]] = []
    last = 0.0
    for segment in segments:
        cursor = 0
        for word in segment.words:
            if word.start is None or word.end is None or not word.word.strip():
                continue
            found = segment.text.find(word.word, cursor)
            spaced = found <= 0 or segment.text[found - 1].isspace()
            cursor = found + len(word.word) if found >= 0 else cursor
            start = max(float(word.start), last)
            words.append(
                {"word": word.word, "start": start, "end": max(float(word.end), start), "space_before": spaced}
            )
            last = start
    return words


class Rediarizer:
    """Runs one call's diarization-only job on the service and stores its speakers."""

    def __init__(self, pipeline: CallPipeline) -> None:
        self.pipeline, self.db, self.client = pipeline, pipeline.db, pipeline.client

    async def audio_of(self, call: Call) -> Path | None:
        """The call's audio copy, while it is kept."""
        kept = await self.db.audio.get(call.user_id, call.id)
        audio = self.pipeline.audio
        return audio.path_of(kept) if kept is not None and audio is not None else None

    async def run(self, call: Call, count: int | None) -> int | None:
        """Find the speakers again (``count`` of them, or as many as the service finds); the number found, or
        None when the call was deleted or got busy meanwhile (nothing is changed then)."""
        audio = await self.audio_of(call)
        if audio is None:
            raise AudioGone(f"call {call.id} has no audio copy")
        words = given_words(await self.db.transcripts.segments(call.user_id, call.id, with_words=True))
        if not words:
            raise NoWords(f"call {call.id} has no timed words")
        job_id = new_job_id()
        await self.db.deletions.reserve(job_id, RESERVE_S)
        try:
            result = await self._diarize(call, audio, job_id, words, count)
            speakers = speakers_from(result.segments)
            stored = await self.db.transcripts.replace_speakers(
                call.user_id, call.id, result.segments, speakers, job_id
            )
            if stored:  # the new speakers' voice prints: known voices are named again (as for a new call)
                await self.pipeline.voices.recognise(call, result.voices)
        except BaseException:  # failed, or stopped (the call deleted, the bot shutting down): nothing was changed
            await self.db.deletions.add(job_id)  # due now: the attempt is over
            raise
        finally:
            self.pipeline.jobs_released()
        return len(speakers) if stored else None

    async def _diarize(
        self, call: Call, audio: Path, job_id: str, words: list[dict[str, Any]], count: int | None
    ) -> TranscriptResult:
        fields = {"diarize_only": "true", "words": json.dumps(words, ensure_ascii=False)}
        if count is not None:
            fields["num_speakers"] = str(count)
        if call.language:
            fields["language"] = call.language
        tag = user_tag(await self.db.install_secret("user_tag_salt"), call.user_id)
        prints = await self.pipeline.voices.wanted(call.user_id)
        await self._retrying(
            lambda: self.client.submit(
                audio, filename=audio.name, task_id=job_id, user_tag=tag, options=fields, speaker_embeddings=prints
            )
        )
        await until_completed(lambda: self._retrying(lambda: self.client.status(job_id)), self.pipeline.options)
        return await self._retrying(lambda: self.client.result(job_id))

    async def _retrying(self, action: Callable[[], Awaitable[T]]) -> T:
        """While the service is unreachable, retry with backoff (as calls do), up to the same patience."""
        return await retrying(action, self.pipeline.options, "a rediarization")
