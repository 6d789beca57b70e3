"""The service's own SQLite file: jobs, their progress and results. Safe to use from several threads."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from transcription_api.jobs.models import Job, JobStatus, options_json

_MIGRATIONS: list[str] = [
    """
    CREATE TABLE jobs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        created_at REAL NOT NULL,
        status TEXT NOT NULL,
        stage TEXT NOT NULL,
        progress REAL NOT NULL DEFAULT 0,
        options TEXT NOT NULL,
        filename TEXT NOT NULL,
        upload_path TEXT,
        error TEXT,
        result TEXT,
        started_at REAL,
        finished_at REAL,
        origin TEXT NOT NULL DEFAULT 'api'
    );
    CREATE INDEX jobs_status_seq ON jobs(status, seq);
    CREATE INDEX jobs_finished_at ON jobs(finished_at);
    """,
]


class JobStore:
    """Every read and write of job state goes through here."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _migrate(self) -> None:
        with self._tx() as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at REAL)")
            done = {row[0] for row in db.execute("SELECT version FROM schema_migrations")}
            for version, script in enumerate(_MIGRATIONS, start=1):
                if version in done:
                    continue
                for statement in filter(str.strip, script.split(";")):
                    db.execute(statement)
                db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, time.time()))

    def create(self, job: Job) -> Job:
        with self._tx() as db:
            cursor = db.execute(
                "INSERT INTO jobs (id, created_at, status, stage, progress, options, filename, upload_path, origin)"
                " VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)",
                (job.id, job.created_at, job.status, job.stage, options_json(job.options), job.filename,
                 job.upload_path, job.origin),
            )  # fmt: skip
            job.seq = int(cursor.lastrowid or 0)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return Job.from_row(row) if row else None

    def claim_next(self) -> Job | None:
        """Take the oldest queued job and mark it processing (FIFO)."""
        with self._tx() as db:
            row = db.execute("SELECT * FROM jobs WHERE status = ? ORDER BY seq LIMIT 1", (JobStatus.QUEUED,)).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE jobs SET status = ?, stage = 'decoding', started_at = ? WHERE seq = ?",
                (JobStatus.PROCESSING, time.time(), row["seq"]),
            )
        job = Job.from_row(row)
        job.status = JobStatus.PROCESSING
        return job

    def set_progress(self, job_id: str, stage: str, progress: float) -> bool:
        """Record progress; False when the job is no longer processing (cancelled or deleted)."""
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE jobs SET stage = ?, progress = ? WHERE id = ? AND status = ?",
                (stage, progress, job_id, JobStatus.PROCESSING),
            )
        return cursor.rowcount == 1

    def complete(self, job_id: str, result: dict[str, Any]) -> bool:
        return self._finish(job_id, JobStatus.COMPLETED, result=json.dumps(result, ensure_ascii=False))

    def fail(self, job_id: str, error: str) -> bool:
        return self._finish(job_id, JobStatus.FAILED, error=error)

    def _finish(self, job_id: str, status: JobStatus, *, result: str | None = None, error: str | None = None) -> bool:
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE jobs SET status = ?, stage = 'done', progress = ?, result = ?, error = ?, finished_at = ?,"
                " upload_path = NULL WHERE id = ? AND status = ?",
                (status, 100.0 if status == JobStatus.COMPLETED else 0.0, result, error, time.time(), job_id,
                 JobStatus.PROCESSING),
            )  # fmt: skip
        return cursor.rowcount == 1

    def cancel(self, job_id: str) -> Job | None:
        """Cancel an unfinished job; returns the job as it was, or None if unknown or already finished."""
        with self._tx() as db:
            row = db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None or JobStatus(row["status"]).finished:
                return None
            db.execute(
                "UPDATE jobs SET status = ?, stage = 'done', result = NULL, upload_path = NULL, finished_at = ?"
                " WHERE id = ?",
                (JobStatus.CANCELLED, time.time(), job_id),
            )
        return Job.from_row(row)

    def delete(self, job_id: str) -> bool:
        with self._tx() as db:
            cursor = db.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
        return cursor.rowcount == 1

    def requeue_interrupted(self) -> int:
        """Jobs a crash left processing go back to the front of the queue (their seq keeps them first)."""
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE jobs SET status = ?, stage = 'queued', progress = 0, started_at = NULL WHERE status = ?",
                (JobStatus.QUEUED, JobStatus.PROCESSING),
            )
        return cursor.rowcount

    def requeue(self, job_id: str) -> bool:
        """Put a job interrupted by shutdown back in the queue."""
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE jobs SET status = ?, stage = 'queued', progress = 0, started_at = NULL"
                " WHERE id = ? AND status = ?",
                (JobStatus.QUEUED, job_id, JobStatus.PROCESSING),
            )
        return cursor.rowcount == 1

    def queue_position(self, job: Job) -> int | None:
        if job.status == JobStatus.PROCESSING:
            return 0
        if job.status != JobStatus.QUEUED:
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT COUNT(*) FROM jobs WHERE status = ? AND seq < ?", (JobStatus.QUEUED, job.seq)
            ).fetchone()
        return int(row[0]) + 1

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT status, COUNT(*) FROM jobs GROUP BY status").fetchall()
        counts = {status.value: 0 for status in JobStatus}
        counts.update({row[0]: row[1] for row in rows})
        return counts

    def purge_finished_before(self, cutoff: float) -> list[str]:
        """Delete finished jobs older than ``cutoff``; returns their ids."""
        finished = (JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED)
        with self._tx() as db:
            ids = [
                row[0]
                for row in db.execute(
                    "SELECT id FROM jobs WHERE finished_at < ? AND status IN (?, ?, ?)", (cutoff, *finished)
                )
            ]
            db.executemany("DELETE FROM jobs WHERE id = ?", [(i,) for i in ids])
        return ids

    def live_upload_paths(self) -> set[str]:
        with self._lock:
            rows = self._db.execute("SELECT upload_path FROM jobs WHERE upload_path IS NOT NULL").fetchall()
        return {row[0] for row in rows}
