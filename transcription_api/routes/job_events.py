"""GET /transcribe/{task_id}/events: a job's progress, segments and outcome as server-sent events."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Depends, Header, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from transcription_api.auth import require_api_key
from transcription_api.errors import InvalidInput, NotFound
from transcription_api.events import sse
from transcription_api.events.follow import follow
from transcription_api.events.model import BadEventId
from transcription_api.jobs.interfaces import JobBook
from transcription_api.runtime import ApiRuntime, get_runtime

router = APIRouter(prefix="/transcribe", tags=["transcribe"], dependencies=[Depends(require_api_key)])
EVENTS_OPENAPI: dict[int | str, dict[str, Any]] = {
    200: {"content": {sse.MEDIA_TYPE: {}}, "description": "progress, segment, done | failed | cancelled"}
}


@router.get("/{task_id}/events", response_class=StreamingResponse, responses=EVENTS_OPENAPI)
async def job_events(
    task_id: str,
    runtime: ApiRuntime = Depends(get_runtime),
    after: str | None = Query(None, description="resume after this event id (the Last-Event-ID header wins)"),
    last_event_id: str | None = Header(None, description="sent by EventSource when it reconnects"),
) -> StreamingResponse:
    """Server-sent events of a job, each with an ``id:``: ``progress`` (stage, progress), ``segment`` (start, end,
    text, speaker: provisional), then one of ``done``, ``failed``, ``cancelled``, after which the stream ends."""
    resume = last_event_id or after or None
    job = await run_in_threadpool(runtime.store.get, task_id)
    if job is None:
        raise NotFound(f"No job with id '{task_id}' (unknown, deleted, or past its retention period).")
    try:
        await run_in_threadpool(runtime.store.events, task_id, resume, 1)
    except BadEventId as exc:
        raise InvalidInput(str(exc)) from None
    return StreamingResponse(_stream(runtime.store, task_id, resume), media_type=sse.MEDIA_TYPE, headers=sse.HEADERS)


async def _stream(store: JobBook, task_id: str, after: str | None) -> AsyncIterator[bytes]:
    async for event in follow(store, task_id, after):
        yield sse.KEEPALIVE if event is None else sse.message(event.data, event.kind.value, event.id)
