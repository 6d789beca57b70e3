"""Webhooks of the embedded mode: the ``webhooks`` table of the job store's SQLite file (created by jobs.store's
migrations), through a connection of its own."""

from __future__ import annotations

import time
from pathlib import Path

from transcription_api.jobs.sqlite_file import SqliteFile
from transcription_api.webhooks.book import Outcome
from transcription_api.webhooks.models import Delivery, DeliveryState

_FINISHED = ("completed", "failed", "cancelled")


class SqliteWebhookBook(SqliteFile):
    """Safe to use from several threads; the job store must have opened (and migrated) the file first."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, timeout=30)

    def subscribe(self, delivery: Delivery) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO webhooks (job_id, url, event_id, state, created_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(job_id) DO NOTHING",
                (delivery.job_id, delivery.url, delivery.event_id, delivery.state, delivery.created_at),
            )

    def get(self, job_id: str) -> Delivery | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM webhooks WHERE job_id = ?", (job_id,)).fetchone()
        return Delivery.from_mapping(row) if row else None

    def seal(self, job_id: str | None = None) -> int:
        now = time.time()
        which = "" if job_id is None else " AND webhooks.job_id = :job_id"
        with self._tx() as db:
            sealed = db.execute(
                "UPDATE webhooks SET state = :pending, event = jobs.status, error = jobs.error,"
                " finished_at = COALESCE(jobs.finished_at, :now), sealed_at = :now, next_at = :now FROM jobs"
                " WHERE jobs.id = webhooks.job_id AND webhooks.state = :waiting"
                f" AND jobs.status IN {_FINISHED}{which}",
                {"pending": DeliveryState.PENDING, "waiting": DeliveryState.WAITING, "now": now, "job_id": job_id},
            ).rowcount
            db.execute(
                "DELETE FROM webhooks WHERE state = ?"
                " AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.id = webhooks.job_id)",
                (DeliveryState.WAITING,),
            )
        return sealed

    def claim(self, lease_s: float) -> Delivery | None:
        now = time.time()
        with self._tx() as db:
            row = db.execute(
                "UPDATE webhooks SET attempts = attempts + 1, last_attempt_at = ?, next_at = ? WHERE job_id = ("
                " SELECT job_id FROM webhooks WHERE state = ? AND next_at <= ? ORDER BY next_at LIMIT 1) RETURNING *",
                (now, now + lease_s, DeliveryState.PENDING, now),
            ).fetchone()
        return Delivery.from_mapping(row) if row else None

    def record(self, delivery: Delivery, outcome: Outcome, retry_in_s: float | None) -> bool:
        now = time.time()
        if outcome.delivered:
            state, next_at, delivered_at = DeliveryState.DELIVERED, None, now
        elif retry_in_s is None:
            state, next_at, delivered_at = DeliveryState.FAILED, None, None
        else:
            state, next_at, delivered_at = DeliveryState.PENDING, now + retry_in_s, None
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE webhooks SET state = ?, next_at = ?, delivered_at = ?, last_status_code = ?, last_error = ?"
                " WHERE job_id = ? AND attempts = ? AND state = ?",
                (
                    state,
                    next_at,
                    delivered_at,
                    outcome.status_code,
                    outcome.error,
                    delivery.job_id,
                    delivery.attempts,
                    DeliveryState.PENDING,
                ),
            )
        return cursor.rowcount == 1

    def release(self, delivery: Delivery) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE webhooks SET next_at = ?, last_error = ? WHERE job_id = ? AND attempts = ? AND state = ?",
                (time.time(), "interrupted by a shutdown", delivery.job_id, delivery.attempts, DeliveryState.PENDING),
            )

    def forget(self) -> int:
        with self._tx() as db:
            cursor = db.execute(
                "DELETE FROM webhooks WHERE state IN (?, ?)"
                " AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.id = webhooks.job_id)",
                (DeliveryState.DELIVERED, DeliveryState.FAILED),
            )
        return cursor.rowcount
