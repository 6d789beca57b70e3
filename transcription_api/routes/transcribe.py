"""The /transcribe API (compatible with the seed whisperX-fastapi server)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from transcription_api.auth import require_api_key
from transcription_api.errors import InvalidInput, NotFound, NotReady
from transcription_api.formats import FORMATS, MEDIA_TYPES, render
from transcription_api.jobs.models import Job, JobStatus
from transcription_api.options import OPTION_FIELDS, parse_options
from transcription_api.routes.schemas import (
    UPLOAD_OPENAPI,
    TaskAccepted,
    TaskDeleted,
    TaskResult,
    TaskStatus,
    iso,
    status_of,
)  # fmt: skip
from transcription_api.services import Services, get_services
from transcription_api.uploads import receive_upload

router = APIRouter(prefix="/transcribe", tags=["transcribe"], dependencies=[Depends(require_api_key)])


@router.post("/", response_model=TaskAccepted, openapi_extra=UPLOAD_OPENAPI)
@router.post("", response_model=TaskAccepted, include_in_schema=False)
async def submit(request: Request, services: Services = Depends(get_services)) -> dict[str, Any]:
    """Accept a recording (multipart field ``file``) and queue it for transcription."""
    settings = services.settings
    upload = await receive_upload(request, settings.uploads_dir, settings.max_upload_bytes, OPTION_FIELDS)
    try:
        options = parse_options(dict(request.query_params), upload.fields, default_language=settings.language)
    except InvalidInput:
        upload.discard()
        raise
    await services.check_media(upload)
    job = await run_in_threadpool(services.enqueue, upload, options, "transcribe")
    return {"task_id": job.id, "creation_time": iso(job.created_at), "status": job.status.value}


@router.get("/status/{task_id}", response_model=TaskStatus)
def status(task_id: str, services: Services = Depends(get_services)) -> dict[str, Any]:
    """Where a job is: status, stage, progress 0-100 and place in the queue."""
    job = _job(services, task_id)
    return status_of(job, services.store.queue_position(job))


@router.get("/result/{task_id}", response_model=None)
def result(
    task_id: str,
    services: Services = Depends(get_services),
    format: str = Query("json", description="json | txt | srt | vtt"),
) -> dict[str, Any] | Response:
    """The transcript: status fields plus ``result`` (JSON), or a txt/srt/vtt rendering with speakers."""
    fmt = format.lower()
    if fmt not in FORMATS:
        raise InvalidInput(f"Unknown format '{format}'; use one of: {', '.join(FORMATS)}.")
    job = _job(services, task_id)
    if fmt == "json":
        body = status_of(job, services.store.queue_position(job))
        return TaskResult(**body, result=job.result).model_dump()
    if job.status != JobStatus.COMPLETED or job.result is None:
        raise NotReady(_not_ready(job))
    return Response(render(job.result, fmt), media_type=MEDIA_TYPES[fmt])


@router.delete("/{task_id}", response_model=TaskDeleted)
def delete(task_id: str, services: Services = Depends(get_services)) -> dict[str, Any]:
    """Cancel a queued or running job and delete its data; a finished job is deleted outright."""
    if _job(services, task_id).status.finished:
        services.store.delete(task_id)
        return {"task_id": task_id, "status": "deleted"}
    before = services.store.cancel(task_id)  # atomic: the state the job was in when cancelled
    if before is not None and before.status == JobStatus.PROCESSING:
        services.worker.cancel(task_id)
    elif before is not None and before.upload_path:
        Path(before.upload_path).unlink(missing_ok=True)
    return {"task_id": task_id, "status": JobStatus.CANCELLED.value}


def _job(services: Services, task_id: str) -> Job:
    job = services.store.get(task_id)
    if job is None:
        raise NotFound(f"No job with id '{task_id}' (unknown, deleted, or past its retention period).")
    return job


def _not_ready(job: Job) -> str:
    if job.status == JobStatus.FAILED:
        return f"The job failed: {job.error}"
    if job.status == JobStatus.CANCELLED:
        return "The job was cancelled; it has no result."
    return f"The job is {job.status.value} ({job.progress:.0f}%); the result is not ready yet."
