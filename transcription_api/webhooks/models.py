"""A job's webhook: its one event (sealed once the job has finished) and the record of its delivery attempts."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from transcription_api.webhooks.targets import check_url


class DeliveryState(StrEnum):
    WAITING = "waiting"  # the job has not finished yet
    PENDING = "pending"  # the event exists and is being delivered (or waits for its next attempt)
    DELIVERED = "delivered"  # a receiver answered 2xx
    FAILED = "failed"  # given up: 410 Gone, a refused target, or the retry window passed


@dataclass(frozen=True, slots=True)
class Delivery:
    job_id: str
    url: str  # secret-ish (its query may carry a token): never logged, never shown
    event_id: str  # the webhook-id header: the same on every attempt
    state: DeliveryState
    created_at: float
    event: str | None = None  # the job's final status, once sealed
    error: str | None = None  # the job's error (failed jobs)
    finished_at: float | None = None  # when the job ended (the event's timestamp)
    sealed_at: float | None = None  # when the event was created: the retry window starts here
    attempts: int = 0
    next_at: float | None = None
    last_attempt_at: float | None = None
    last_status_code: int | None = None
    last_error: str | None = None
    delivered_at: float | None = None

    @classmethod
    def new(cls, job_id: str, url: str, now: float) -> Delivery:
        return cls(job_id, url, f"msg_{uuid.uuid4().hex}", DeliveryState.WAITING, now)

    @classmethod
    def from_mapping(cls, row: Mapping[str, Any]) -> Delivery:
        """From an SQLite row or a Redis hash (where every value is a string and a missing one is absent or '')."""

        def value(name: str) -> Any:
            found = row[name] if name in row.keys() else None  # noqa: SIM118 - sqlite3.Row has no __contains__ of keys
            return None if found in (None, "") else found

        def number(name: str) -> float | None:
            found = value(name)
            return None if found is None else float(found)

        code = value("last_status_code")
        return cls(
            job_id=str(row["job_id"]),
            url=str(row["url"]),
            event_id=str(row["event_id"]),
            state=DeliveryState(row["state"]),
            created_at=float(row["created_at"]),
            event=value("event"),
            error=value("error"),
            finished_at=number("finished_at"),
            sealed_at=number("sealed_at"),
            attempts=int(value("attempts") or 0),
            next_at=number("next_at"),
            last_attempt_at=number("last_attempt_at"),
            last_status_code=None if code is None else int(code),
            last_error=value("last_error"),
            delivered_at=number("delivered_at"),
        )

    def body(self) -> bytes:
        """The event as sent, the same bytes on every attempt: type, timestamp and the job's outcome; a completed
        job's transcript is not in it, only the route that returns it."""
        data: dict[str, Any] = {"task_id": self.job_id, "status": self.event, "error": self.error}
        if self.event == "completed":
            data["result_path"] = f"/transcribe/result/{self.job_id}"
        event = {"type": f"transcription.{self.event}", "timestamp": _iso(self.finished_at), "data": data}
        return json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()


class WebhookStatus(BaseModel):
    """The ``webhook`` field of a job's status: where it goes (host only) and how its delivery went."""

    host: str
    event_id: str
    state: str
    attempts: int
    last_attempt_at: str | None
    last_status_code: int | None
    last_error: str | None
    next_attempt_at: str | None
    delivered_at: str | None


def webhook_status(delivery: Delivery) -> dict[str, Any]:
    pending = delivery.state == DeliveryState.PENDING
    return WebhookStatus(
        host=check_url(delivery.url).label,
        event_id=delivery.event_id,
        state=delivery.state.value,
        attempts=delivery.attempts,
        last_attempt_at=_iso(delivery.last_attempt_at),
        last_status_code=delivery.last_status_code,
        last_error=delivery.last_error,
        next_attempt_at=_iso(delivery.next_at) if pending else None,
        delivered_at=_iso(delivery.delivered_at),
    ).model_dump()


def _iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
