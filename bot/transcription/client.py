"""Async HTTP client of the transcription service (contract in the architecture guide)."""

from __future__ import annotations

import mimetypes
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import httpx

from bot.shared.errors import (
    JobNotFound,
    TranscriptionAuthError,
    TranscriptionError,
    TranscriptionRejected,
    TranscriptionUnavailable,
)
from bot.transcription.job_events import READ_TIMEOUT_S, EventsUnsupported, JobEvent, read_events
from bot.transcription.upload_body import UploadBody
from database.models import Segment, Word


class ServiceJobStatus(StrEnum):
    """A job's status as the service reports it (the service's ``JobStatus``), plus UNKNOWN for a status this bot
    does not know (a newer service): such a job counts as still running, and the stall watch bounds the wait."""

    QUEUED = "queued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"

    @classmethod
    def of(cls, reported: str) -> ServiceJobStatus:
        """The status the service reported; UNKNOWN for one this bot does not know."""
        try:
            return cls(reported)
        except ValueError:
            return cls.UNKNOWN


@dataclass(frozen=True, slots=True)
class ServiceJob:
    """A job on the transcription service, as its status endpoint describes it."""

    task_id: str
    status: ServiceJobStatus
    stage: str | None = None
    progress: float | None = None
    queue_position: int | None = None
    error: str | None = None
    attempt: int = 0  # runs the service started (0 from a service that does not say)
    recovered: bool = False  # a crash cut an earlier run short and the job was queued again
    updated_at: str | None = None  # the service's last change of the job (distributed mode)
    reported_status: str = ""  # the status as the service spelled it (differs from ``status`` only when UNKNOWN)


@dataclass(frozen=True, slots=True)
class VoicePrints:
    """The service's ``speaker_embeddings``: one unit vector per speaker label, and the model that made them."""

    model: str  # name and version: prints of different models are never compared
    vectors: dict[str, tuple[float, ...]]
    seconds: dict[str, float] = field(default_factory=dict)  # clean speech each was made from, where the service said


@dataclass(frozen=True, slots=True)
class TranscriptResult:
    language: str | None
    duration: float | None
    speakers: tuple[str, ...]
    segments: tuple[Segment, ...]
    voices: VoicePrints | None = None


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:300] or response.reason_phrase
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, list):  # FastAPI validation errors
        return "; ".join(str(item.get("msg", item)) for item in detail)
    return str(detail or body)[:300]


def _raise_for(response: httpx.Response) -> None:
    """Map an error answer onto the bot's hierarchy; nothing for a success."""
    if response.status_code == 404:
        raise JobNotFound(_detail(response))
    if response.status_code in (401, 403):
        raise TranscriptionAuthError(f"HTTP {response.status_code}: {_detail(response)}")
    if response.status_code >= 500 or response.status_code in (408, 429):
        raise TranscriptionUnavailable(f"HTTP {response.status_code}: {_detail(response)}")
    if response.status_code >= 400:
        raise TranscriptionRejected(response.status_code, _detail(response))


def _job(body: dict[str, Any]) -> ServiceJob:
    reported = str(body["status"])
    return ServiceJob(
        task_id=str(body["task_id"]),
        status=ServiceJobStatus.of(reported),
        stage=body.get("stage"),
        progress=body.get("progress"),
        queue_position=body.get("queue_position"),
        error=body.get("error"),
        attempt=int(body.get("attempt") or 0),
        recovered=body.get("recovered") is True,
        updated_at=body.get("updated_at"),
        reported_status=reported,
    )


def _voice_prints(raw: object) -> VoicePrints | None:
    """The prints of a result, or None when it has none or they are malformed (never trusted blindly)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("speakers"), dict):
        return None
    model = f"{raw.get('model', '')} {raw.get('version', '')}".strip()
    vectors = {
        str(label): tuple(float(x) for x in vector)
        for label, vector in raw["speakers"].items()
        if isinstance(vector, list) and 0 < len(vector) <= 4096 and all(isinstance(x, int | float) for x in vector)
    }
    return VoicePrints(model, vectors, _speech_seconds(raw.get("speech"))) if model and vectors else None


def _speech_seconds(raw: object) -> dict[str, float]:
    """Seconds of clean speech per speaker label from the prints' ``speech`` block (malformed entries left out)."""
    if not isinstance(raw, dict):
        return {}
    seconds = {str(label): item.get("seconds") for label, item in raw.items() if isinstance(item, dict)}
    return {label: float(s) for label, s in seconds.items() if isinstance(s, int | float) and s >= 0}


def _probability(raw: dict[str, Any]) -> float | None:
    value = raw.get("probability")
    return float(value) if isinstance(value, int | float) and 0.0 <= value <= 1.0 else None


def _segment(raw: dict[str, Any]) -> Segment:
    words = tuple(
        Word(str(w.get("word", "")), w.get("start"), w.get("end"), w.get("speaker"), _probability(w))
        for w in raw.get("words") or ()
    )
    return Segment(float(raw["start"]), float(raw["end"]), str(raw.get("text", "")).strip(), raw.get("speaker"), words)


class TranscriptionClient:
    """Submit, poll, fetch and cancel jobs; maps transport/HTTP failures onto :mod:`bot.shared.errors`."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 60.0) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            headers=headers,
            timeout=httpx.Timeout(timeout, write=None),
            trust_env=False,  # transcription traffic never goes through the LLM proxy
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._http.request(method, url, **kwargs)
        except (httpx.TransportError, httpx.TimeoutException) as exc:
            raise TranscriptionUnavailable(f"{type(exc).__name__}: {exc}") from exc
        _raise_for(response)
        return response

    async def submit(
        self,
        path: Path,
        filename: str | None = None,
        language: str | None = None,
        diarize: bool = True,
        task_id: str | None = None,
        user_tag: str | None = None,
        options: Mapping[str, str] | None = None,
        speaker_embeddings: bool = False,
    ) -> ServiceJob:
        """Stream ``path`` to ``POST /transcribe/`` (read chunk by chunk in a worker thread, never whole).

        With ``task_id`` the job gets that id, and a repeated submit with the same id answers the existing job
        instead of creating a second one; ``user_tag`` names who the job is for (fair queueing across users).
        ``options`` are further form fields (speaker counts, ``initial_prompt``, ``diarize_only`` with ``words``);
        a ``language`` among them wins over ``language``. ``speaker_embeddings`` asks for each speaker's voice print.
        """
        name = filename or path.name
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        fields = {"diarize": "true" if diarize else "false"}
        if speaker_embeddings:
            fields["speaker_embeddings"] = "true"
        optional = {"language": language, "task_id": task_id, "user_tag": user_tag}
        fields.update({key: value for key, value in optional.items() if value})
        fields.update(options or {})
        body = await UploadBody.open(path, "file", name, mime, fields)
        try:
            response = await self._request("POST", "/transcribe/", content=body.chunks(), headers=body.headers)
        finally:
            await body.aclose()
        return _job(response.json())

    async def status(self, task_id: str) -> ServiceJob:
        response = await self._request("GET", f"/transcribe/status/{task_id}")
        return _job(response.json())

    async def events(self, task_id: str, after: str | None = None) -> AsyncIterator[JobEvent | None]:
        """Follow ``GET /transcribe/{id}/events`` from after event ``after`` (from the start when None): its events
        as they come, ``None`` for a keep-alive. Raises EventsUnsupported when the service has no such route (405,
        or 404 for a job its status route knows), JobNotFound, and TranscriptionUnavailable when the connection
        fails or goes silent (no keep-alive within ``READ_TIMEOUT_S``): resume after the last event seen."""
        headers = {"Last-Event-ID": after} if after else {}
        timeout = httpx.Timeout(self._http.timeout.connect, read=READ_TIMEOUT_S, write=None)
        try:
            async with self._http.stream(
                "GET", f"/transcribe/{task_id}/events", headers=headers, timeout=timeout
            ) as response:
                if response.status_code != 200:
                    await response.aread()
                    await self._refuse_events(task_id, response)
                async for event in read_events(response.aiter_lines()):
                    yield event
        except (httpx.TransportError, httpx.TimeoutException) as exc:
            raise TranscriptionUnavailable(f"event stream: {type(exc).__name__}: {exc}") from exc

    async def _refuse_events(self, task_id: str, response: httpx.Response) -> None:
        """Raise for a refused event stream: a missing route is told apart from a missing job by the status
        route (an older service answers 404 or 405 for the route itself)."""
        if response.status_code == 405:
            raise EventsUnsupported(f"HTTP 405 on the events route: {_detail(response)}")
        if response.status_code == 404:
            await self.status(task_id)  # JobNotFound when the job is gone
            raise EventsUnsupported(f"HTTP 404 on the events route of a known job: {_detail(response)}")
        _raise_for(response)
        raise TranscriptionUnavailable(f"HTTP {response.status_code} on the events route")

    async def result(self, task_id: str) -> TranscriptResult:
        body = (await self._request("GET", f"/transcribe/result/{task_id}")).json()
        result = body.get("result")
        if not isinstance(result, dict):
            raise TranscriptionError(f"job {task_id} has no result (status {body.get('status')})")
        segments = tuple(_segment(s) for s in result.get("segments") or ())
        return TranscriptResult(
            language=result.get("language"),
            duration=result.get("duration"),
            speakers=tuple(str(s) for s in result.get("speakers") or ()),
            segments=segments,
            voices=_voice_prints(result.get("speaker_embeddings")),
        )

    async def cancel(self, task_id: str) -> None:
        """Cancel a job; a job the service no longer knows counts as cancelled."""
        await self.delete(task_id)

    async def delete(self, task_id: str) -> bool:
        """``DELETE /transcribe/{id}``: True once the job and its data are gone, False when the service only
        cancelled it (a job still queued or running is cancelled first; deleting it again removes it)."""
        try:
            response = await self._request("DELETE", f"/transcribe/{task_id}")
        except JobNotFound:
            return True
        return str(response.json().get("status")) == "deleted"

    async def health(self) -> dict[str, Any]:
        return (await self._request("GET", "/health")).json()
