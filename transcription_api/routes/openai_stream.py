"""``stream=true`` on POST /v1/audio/transcriptions: OpenAI's transcription stream events as server-sent events.

Each segment the engine finishes (a block at a time) goes out as a ``transcript.text.delta`` (its text, with
``segment_id``) followed by a ``transcript.text.segment`` (id, speaker, start, end, text), as the diarizing model
streams them; ``transcript.text.done`` ends the stream with the whole text, usage, and (our addition) the final
``segments``, whose speakers settle the provisional ones streamed before. A failure after the stream started is an
``error`` event. The job lives as long as the stream: a client that goes away cancels it, and it is deleted after.
"""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncIterator
from typing import Any

import anyio
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from transcription_api.engine.languages import NO_SPACE_LANGUAGES
from transcription_api.events import sse
from transcription_api.events.follow import follow
from transcription_api.events.model import EventKind, JobEvent
from transcription_api.runtime import ApiRuntime

log = logging.getLogger(__name__)
TASK_HEADER = "X-Task-Id"  # the job behind the stream (GET /transcribe/{id}/events follows it too)


def stream_transcription(runtime: ApiRuntime, job_id: str) -> StreamingResponse:
    headers = {**sse.HEADERS, TASK_HEADER: job_id}
    return StreamingResponse(_events(runtime, job_id), media_type=sse.MEDIA_TYPE, headers=headers)


async def _events(runtime: ApiRuntime, job_id: str) -> AsyncIterator[bytes]:
    first = True
    try:
        async for event in follow(runtime.store, job_id, None):
            if event is None:
                yield sse.KEEPALIVE
            elif event.kind == EventKind.SEGMENT:
                yield _delta(event, first)
                yield sse.message(_segment(event))
                first = False
            elif event.kind == EventKind.DONE:
                job = await run_in_threadpool(runtime.store.get, job_id)
                yield sse.message(_done(job.result if job else None) if job else _error("The job was deleted."))
                return
            elif event.kind.terminal:
                yield sse.message(_error(_why(event)))
                return
        yield sse.message(_error("The transcription was cancelled."))
    except Exception as exc:  # the stream has started: the client learns of it in an error event
        log.exception("stream of job %s broke", job_id)
        yield sse.message(_error(f"The stream broke: {type(exc).__name__}."))
    finally:  # nothing is kept once the caller has its answer, or has gone away
        with anyio.CancelScope(shield=True):
            await run_in_threadpool(runtime.discard, job_id)


def _delta(event: JobEvent, first: bool) -> bytes:
    text = str(event.data["text"]).strip()
    return sse.message(
        {"type": "transcript.text.delta", "delta": text if first else f" {text}", "segment_id": _segment_id(event)}
    )


def _segment(event: JobEvent) -> dict[str, Any]:
    data = event.data
    return {
        "type": "transcript.text.segment",
        "id": _segment_id(event),
        "speaker": data["speaker"] or "unknown",
        "start": data["start"],
        "end": data["end"],
        "text": str(data["text"]).strip(),
    }


def _segment_id(event: JobEvent) -> str:
    return f"seg_{event.id}"


def _done(result: dict[str, Any] | None) -> dict[str, Any]:
    result = result or {}
    segments = result.get("segments", [])
    glue = "" if result.get("language") in NO_SPACE_LANGUAGES else " "
    final = [
        {
            "id": f"seg_final_{n}",
            "speaker": s.get("speaker") or "unknown",
            "start": s["start"],
            "end": s["end"],
            "text": s["text"].strip(),
        }
        for n, s in enumerate(segments)
    ]
    return {
        "type": "transcript.text.done",
        "text": glue.join(s["text"] for s in final).strip(),
        "usage": {"type": "duration", "seconds": math.ceil(result.get("duration") or 0)},
        "segments": final,
    }


def _why(event: JobEvent) -> str:
    if event.kind == EventKind.FAILED:
        return f"Transcription failed: {event.data.get('error')}"
    return "The transcription was cancelled."


def _error(message: str) -> dict[str, Any]:
    return {"type": "error", "error": {"message": message, "type": "server_error", "param": None, "code": None}}
