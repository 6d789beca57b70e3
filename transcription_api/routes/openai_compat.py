"""OpenAI-compatible speech-to-text: POST /v1/audio/transcriptions (same queue, waits for the result)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

import anyio
from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from transcription_api.auth import require_api_key
from transcription_api.engine.languages import NO_SPACE_LANGUAGES
from transcription_api.errors import ApiError, InvalidInput
from transcription_api.formats import to_srt, to_vtt
from transcription_api.identity import Identity
from transcription_api.jobs.models import Job, JobStatus
from transcription_api.known_speakers import LIST_FIELDS, receive_known_speakers
from transcription_api.options import parse_options
from transcription_api.routes import openai_diarized as diarization
from transcription_api.routes.openai_stream import stream_transcription
from transcription_api.routes.schemas import OPENAI_UPLOAD_OPENAPI
from transcription_api.runtime import ApiRuntime, get_runtime
from transcription_api.uploads import receive_upload

router = APIRouter(prefix="/v1", tags=["openai"], dependencies=[Depends(require_api_key)])
FIELDS = (
    "model",
    "language",
    "prompt",
    "response_format",
    "temperature",
    "timestamp_granularities[]",
    "speaker_embeddings",
    "stream",
    *diarization.FIELDS,
)
RESPONSE_FORMATS = ("json", "text", "srt", "vtt", "verbose_json", diarization.DIARIZED_JSON)
POLL_S = 0.25


class TranscriptionFailed(ApiError):
    status_code = 500
    openai_type = "server_error"


@router.post("/audio/transcriptions", response_model=None, openapi_extra=OPENAI_UPLOAD_OPENAPI)
async def create_transcription(request: Request, runtime: ApiRuntime = Depends(get_runtime)) -> Response:
    """Transcribe an uploaded file and answer in OpenAI's shapes; verbose_json segments carry ``speaker``."""
    settings = runtime.settings
    upload = await receive_upload(
        request, settings.uploads_dir, settings.max_upload_bytes, FIELDS, list_fields=LIST_FIELDS
    )
    fmt = upload.fields.get("response_format", "json").strip().lower() or "json"
    stream = upload.fields.get("stream", "").strip().lower() == "true"  # segments carry speakers: diarized
    try:
        if fmt not in RESPONSE_FORMATS:
            raise InvalidInput(f"response_format must be one of: {', '.join(RESPONSE_FORMATS)}.")
        diarization.check_request(upload.fields, fmt)
        wanted = {
            "language": upload.fields.get("language", ""),
            "initial_prompt": upload.fields.get("prompt", ""),
            "speaker_embeddings": upload.fields.get("speaker_embeddings", "false") or "false",
        }
        diarize = stream or fmt in ("verbose_json", "srt", "vtt", "diarized_json")
        options = parse_options(wanted, {"diarize": str(diarize)}, default_language=settings.language)
        options = replace(options, known_speakers=await receive_known_speakers(upload))
        job, _ = await runtime.accept(upload, options, Identity(task_id=None, user_tag=""), "openai")
    finally:  # whatever went wrong, a file no job claimed is not left behind
        upload.close()
    if stream:
        return stream_transcription(runtime, job.id)
    try:
        done = await _wait(request, runtime, job.id)
    finally:  # nothing is kept once the caller has its answer, or has gone away
        with anyio.CancelScope(shield=True):
            await run_in_threadpool(runtime.discard, job.id)
    return _render(done.result or {}, fmt)


async def _wait(request: Request, runtime: ApiRuntime, job_id: str) -> Job:
    while True:
        job = await run_in_threadpool(runtime.store.get, job_id)
        if job is None or job.status == JobStatus.CANCELLED:
            raise TranscriptionFailed("The transcription was cancelled.")
        if job.status == JobStatus.COMPLETED:
            return job
        if job.status == JobStatus.FAILED:
            raise TranscriptionFailed(f"Transcription failed: {job.error}")
        if await request.is_disconnected():
            raise TranscriptionFailed("The client went away; the job was cancelled.")
        await asyncio.sleep(POLL_S)


def _render(result: dict[str, Any], fmt: str) -> Response:
    segments = result.get("segments", [])
    glue = "" if result.get("language") in NO_SPACE_LANGUAGES else " "
    text = glue.join(s["text"].strip() for s in segments).strip()
    if fmt == "text":
        return PlainTextResponse(text)
    if fmt == "srt":
        return PlainTextResponse(to_srt(segments))
    if fmt == "vtt":
        return PlainTextResponse(to_vtt(segments), media_type="text/vtt")
    if fmt == "json":
        return JSONResponse({"text": text})
    if fmt == diarization.DIARIZED_JSON:
        return JSONResponse(diarization.diarized(result, text))
    return JSONResponse(_verbose(result, text))


def _verbose(result: dict[str, Any], text: str) -> dict[str, Any]:
    segments = [
        {
            "id": index,
            "seek": int(s["start"] * 100),
            "start": s["start"],
            "end": s["end"],
            "text": s["text"],
            "tokens": [],
            "temperature": 0.0,
            "speaker": s.get("speaker"),
        }
        for index, s in enumerate(result.get("segments", []))
    ]
    words = [
        {"word": w["word"], "start": w["start"], "end": w["end"], "speaker": w.get("speaker")}
        for s in result.get("segments", [])
        for w in s.get("words", [])
    ]
    verbose = {
        "task": "transcribe",
        "language": result.get("language"),
        "duration": result.get("duration"),
        "text": text,
        "segments": segments,
        "words": words,
        "speakers": result.get("speakers", []),
    }
    if "speaker_embeddings" in result:
        verbose["speaker_embeddings"] = result["speaker_embeddings"]
    return verbose
