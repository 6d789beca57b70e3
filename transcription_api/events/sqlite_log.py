"""The event log of the embedded mode: a table in the job store's SQLite file (jobs.store runs these inside its
transactions). Ids come from one AUTOINCREMENT counter, so they grow within a job and are never reused; a job's
events go with its row (foreign key, ON DELETE CASCADE)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from transcription_api.events.model import MAX_EVENTS_PER_JOB, BadEventId, EventKind, JobEvent

MIGRATION = """
CREATE TABLE job_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX job_events_job ON job_events(job_id, id)
"""


def append(db: sqlite3.Connection, job_id: str, kind: EventKind, data: dict[str, Any]) -> None:
    """Add an event; progress and segments only while the job has fewer than MAX_EVENTS_PER_JOB."""
    if not kind.terminal:
        count = db.execute("SELECT COUNT(*) FROM job_events WHERE job_id = ?", (job_id,)).fetchone()[0]
        if count >= MAX_EVENTS_PER_JOB:
            return
    db.execute(
        "INSERT INTO job_events (job_id, kind, data) VALUES (?, ?, ?)",
        (job_id, kind.value, json.dumps(data, ensure_ascii=False)),
    )


def read(db: sqlite3.Connection, job_id: str, after: str | None, limit: int) -> list[JobEvent]:
    """The job's events after the one with id ``after`` (from the first when None), oldest first."""
    rows = db.execute(
        "SELECT id, kind, data FROM job_events WHERE job_id = ? AND id > ? ORDER BY id LIMIT ?",
        (job_id, _number(after), limit),
    ).fetchall()
    return [JobEvent(str(row["id"]), EventKind(row["kind"]), json.loads(row["data"])) for row in rows]


def streamed_until(db: sqlite3.Connection, job_id: str) -> float:
    """Where the last segment event of the job ends (0 when none was written)."""
    row = db.execute(
        "SELECT data FROM job_events WHERE job_id = ? AND kind = ? ORDER BY id DESC LIMIT 1",
        (job_id, EventKind.SEGMENT.value),
    ).fetchone()
    return float(json.loads(row["data"])["end"]) if row else 0.0


def _number(after: str | None) -> int:
    if after is None or after == "":
        return 0
    if not after.isdigit() or len(after) > 18:
        raise BadEventId(f"'{after[:40]}' is not an event id of this service.")
    return int(after)
