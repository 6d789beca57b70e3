"""Response bodies of the /transcribe API."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from transcription_api.jobs.models import Job
from transcription_api.webhooks.models import WebhookStatus


class TaskAccepted(BaseModel):
    task_id: str
    creation_time: str
    status: str


class TaskStatus(TaskAccepted):
    stage: str
    progress: float
    queue_position: int | None
    error: str | None
    filename: str
    options: dict[str, Any]
    attempt: int
    recovered: bool
    updated_at: str | None
    webhook: WebhookStatus | None = None  # None: the job has no callback


class TaskResult(TaskStatus):
    result: dict[str, Any] | None


class TaskDeleted(BaseModel):
    task_id: str
    status: str


def iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat().replace("+00:00", "Z")


def status_of(job: Job, queue_position: int | None) -> dict[str, Any]:
    return {
        "task_id": job.id,
        "creation_time": iso(job.created_at),
        "status": job.status.value,
        "stage": job.stage,
        "progress": round(job.progress, 1),
        "queue_position": queue_position,
        "error": job.error,
        "filename": job.filename,
        "options": options_of(job),
        "attempt": job.attempts,  # runs started; a graceful stop does not count
        "recovered": job.recovered,  # a crash cut an earlier run short: the job was queued again
        "updated_at": iso(job.updated_at) if job.updated_at is not None else None,
    }


def options_of(job: Job) -> dict[str, Any]:
    """The job's options as the service understood them; the given words of a diarization-only job as a count,
    the known speakers as their names."""
    options = {f.name: getattr(job.options, f.name) for f in fields(job.options) if f.name != "words"}
    words = job.options.words
    known = [speaker.name for speaker in job.options.known_speakers]
    return {**options, "words": len(words) if words is not None else None, "known_speakers": known}


UPLOAD_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "language": {"type": "string", "description": "ISO 639-1 code; omit to detect"},
                        "diarize": {"type": "boolean", "default": True},
                        "min_speakers": {"type": "integer", "minimum": 1},
                        "max_speakers": {"type": "integer", "minimum": 1},
                        "num_speakers": {"type": "integer", "minimum": 1},
                        "initial_prompt": {"type": "string"},
                        "diarize_only": {
                            "type": "boolean",
                            "default": False,
                            "description": "only find speakers for the given words; no speech recognition",
                        },
                        "words": {
                            "type": "string",
                            "description": "with diarize_only: JSON list of {word, start, end, space_before?}",
                        },
                        "task_id": {
                            "type": "string",
                            "pattern": "^[A-Za-z0-9_-]{16,64}$",
                            "description": "job id chosen by the client; a known one answers with that job",
                        },
                        "user_tag": {
                            "type": "string",
                            "maxLength": 64,
                            "description": "who the job is for; the queue is fair across tags",
                        },
                        "callback_url": {
                            "type": "string",
                            "format": "uri",
                            "maxLength": 2048,
                            "description": "http(s) URL called (signed POST) when the job completes, fails or is"
                            " cancelled; private addresses refused (400)",
                        },
                        "known_speaker_names[]": {
                            "type": "array",
                            "items": {"type": "string", "maxLength": 64},
                            "maxItems": 4,
                            "description": "names of known speakers, one per reference clip, in the same order",
                        },
                        "known_speaker_references[]": {
                            "type": "array",
                            "items": {"type": "string"},
                            "maxItems": 4,
                            "description": "data: URLs of 2-10 s audio clips of each known speaker's voice",
                        },
                    },
                }
            }
        },
    }
}


def _form(properties: dict[str, Any]) -> dict[str, Any]:
    schema = {"type": "object", "required": ["file"], "properties": properties}
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}}


_KNOWN_SPEAKERS = UPLOAD_OPENAPI["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]
OPENAI_UPLOAD_OPENAPI = _form(
    {
        "file": {"type": "string", "format": "binary"},
        "model": {"type": "string", "description": "any name; gpt-4o-transcribe-diarize keeps OpenAI's rules for it"},
        "language": {"type": "string"},
        "prompt": {"type": "string", "description": "refused with gpt-4o-transcribe-diarize"},
        "response_format": {
            "type": "string",
            "default": "json",
            "enum": ["json", "text", "srt", "vtt", "verbose_json", "diarized_json"],
        },
        "chunking_strategy": {
            "oneOf": [{"type": "string"}, {"type": "object"}],
            "description": "'auto' or "
            "{type: server_vad, threshold, prefix_padding_ms, silence_duration_ms}: validated only",
        },
        "speaker_embeddings": {"type": "boolean", "default": False, "description": "voice prints in verbose_json"},
        "known_speaker_names[]": _KNOWN_SPEAKERS["known_speaker_names[]"],
        "known_speaker_references[]": _KNOWN_SPEAKERS["known_speaker_references[]"],
    }
)
