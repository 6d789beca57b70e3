"""The /transcribe API (compatible with the seed whisperX-fastapi server)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from transcription_api.auth import require_api_key
from transcription_api.errors import InvalidInput, NotFound, NotReady
from transcription_api.formats import FORMATS, MEDIA_TYPES, render
from transcription_api.given_words import WORDS_MAX_BYTES
from transcription_api.identity import IDENTITY_FIELDS, parse_identity
from transcription_api.jobs.models import Job, JobStatus
from transcription_api.known_speakers import LIST_FIELDS, receive_known_speakers
from transcription_api.options import OPTION_FIELDS, parse_options
from transcription_api.routes.schemas import (
    UPLOAD_OPENAPI,
    TaskAccepted,
    TaskDeleted,
    TaskResult,
    TaskStatus,
    iso,
    status_of,
)
from transcription_api.runtime import ApiRuntime, get_runtime
from transcription_api.uploads import discard_body, receive_upload
from transcription_api.webhooks.book import WebhookBook
from transcription_api.webhooks.subscription import CALLBACK_FIELD, callback_for, get_webhooks, subscribe, webhook_of

router = APIRouter(prefix="/transcribe", tags=["transcribe"], dependencies=[Depends(require_api_key)])
SUBMIT_FIELDS = (*OPTION_FIELDS, *IDENTITY_FIELDS, CALLBACK_FIELD)
REPLAY_HEADER = "Idempotent-Replayed"


@router.post("/", response_model=TaskAccepted, openapi_extra=UPLOAD_OPENAPI)
@router.post("", response_model=TaskAccepted, include_in_schema=False)
async def submit(
    request: Request,
    response: Response,
    runtime: ApiRuntime = Depends(get_runtime),
    webhooks: WebhookBook = Depends(get_webhooks),
) -> dict[str, Any]:
    """Accept a recording (multipart field ``file``) and queue it; a known ``task_id`` answers with that job."""
    settings = runtime.settings
    job = await _known_from_query(request, runtime)
    created, callback = False, None
    if job is None:
        limits = {"words": WORDS_MAX_BYTES}
        upload = await receive_upload(
            request, settings.uploads_dir, settings.max_upload_bytes, SUBMIT_FIELDS, limits, LIST_FIELDS
        )
        try:
            options = await run_in_threadpool(  # up to 16 MB of words: about 2 s of parsing, off the event loop
                parse_options, request.query_params, upload.fields, default_language=settings.language
            )
            identity = parse_identity(request.query_params, upload.fields)
            callback = await callback_for(upload.fields, settings)
            options = replace(options, known_speakers=await receive_known_speakers(upload))
            job, created = await runtime.accept(upload, options, identity, "transcribe")
        finally:  # whatever went wrong, a file no job claimed is not left behind
            upload.close()
    if callback is not None:
        await run_in_threadpool(subscribe, webhooks, job.id, callback)
    response.headers[REPLAY_HEADER] = "false" if created else "true"
    return {"task_id": job.id, "creation_time": iso(job.created_at), "status": job.status.value}


async def _known_from_query(request: Request, runtime: ApiRuntime) -> Job | None:
    """A ``task_id`` in the query is checked before the body is stored: an invalid one is refused and a known one
    answered at once. The body is still read to its end and dropped, so the client gets the answer."""
    if "task_id" not in request.query_params:
        return None
    try:
        identity = parse_identity(request.query_params)
    except InvalidInput:
        await discard_body(request, runtime.settings.max_upload_bytes)
        raise
    job = await run_in_threadpool(runtime.store.get, identity.task_id or "")
    if job is not None:
        await discard_body(request, runtime.settings.max_upload_bytes)
    return job


@router.get("/status/{task_id}", response_model=TaskStatus)
def status(
    task_id: str, runtime: ApiRuntime = Depends(get_runtime), webhooks: WebhookBook = Depends(get_webhooks)
) -> dict[str, Any]:
    """Where a job is: status, stage, progress 0-100, place in the queue, and its webhook's delivery."""
    job = _job(runtime, task_id)
    runtime.note_answer(job, result_returned=False)
    return {**status_of(job, runtime.store.queue_position(job)), "webhook": webhook_of(webhooks, task_id)}


@router.get("/result/{task_id}", response_model=None)
def result(
    task_id: str,
    runtime: ApiRuntime = Depends(get_runtime),
    format: str = Query("json", description="json | txt | srt | vtt"),
    webhooks: WebhookBook = Depends(get_webhooks),
) -> dict[str, Any] | Response:
    """The transcript: status fields plus ``result`` (JSON), or a txt/srt/vtt rendering with speakers."""
    fmt = format.lower()
    if fmt not in FORMATS:
        raise InvalidInput(f"Unknown format '{format}'; use one of: {', '.join(FORMATS)}.")
    job = _job(runtime, task_id)
    runtime.note_answer(job, result_returned=job.status == JobStatus.COMPLETED)
    if fmt == "json":
        body = {**status_of(job, runtime.store.queue_position(job)), "webhook": webhook_of(webhooks, task_id)}
        return TaskResult(**body, result=job.result).model_dump()
    if job.status != JobStatus.COMPLETED or job.result is None:
        raise NotReady(_not_ready(job))
    return Response(render(job.result, fmt), media_type=MEDIA_TYPES[fmt])


@router.delete("/{task_id}", response_model=TaskDeleted)
def delete(
    task_id: str, runtime: ApiRuntime = Depends(get_runtime), webhooks: WebhookBook = Depends(get_webhooks)
) -> dict[str, Any]:
    """Cancel a queued or running job and delete its data; a finished job is deleted outright."""
    if _job(runtime, task_id).status.finished or runtime.cancel(task_id) is None:
        webhooks.seal(task_id)  # its event outlives the job
        runtime.store.delete(task_id)
        return {"task_id": task_id, "status": "deleted"}
    return {"task_id": task_id, "status": JobStatus.CANCELLED.value}


def _job(runtime: ApiRuntime, task_id: str) -> Job:
    job = runtime.store.get(task_id)
    if job is None:
        raise NotFound(f"No job with id '{task_id}' (unknown, deleted, or past its retention period).")
    return job


def _not_ready(job: Job) -> str:
    if job.status == JobStatus.FAILED:
        return f"The job failed: {job.error}"
    if job.status == JobStatus.CANCELLED:
        return "The job was cancelled; it has no result."
    return f"The job is {job.status.value} ({job.progress:.0f}%); the result is not ready yet."
