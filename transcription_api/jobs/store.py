"""The service's own SQLite file: jobs, their progress and results. Safe to use from several threads."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from transcription_api.events import sqlite_log
from transcription_api.events.model import TERMINAL_KIND, EventKind, JobEvent, done_data
from transcription_api.jobs.models import Job, JobStatus, options_json
from transcription_api.jobs.sqlite_file import SqliteFile
from transcription_api.jobs.store_schema import MIGRATIONS

_FINISHED = ("completed", "failed", "cancelled")


class JobStore(SqliteFile):
    """Every read and write of job state goes through here."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        super().__init__(path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA secure_delete=ON")  # deleted transcripts are overwritten, not left in free pages
        self._db.execute("PRAGMA foreign_keys=ON")  # a job's events are deleted with it
        self._migrate()
        self._checkpoint()  # a crash between a delete and its checkpoint left the old pages in the WAL

    def _migrate(self) -> None:
        with self._tx() as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at REAL)")
            done = {row[0] for row in db.execute("SELECT version FROM schema_migrations")}
            for version, script in enumerate(MIGRATIONS, start=1):
                if version in done:
                    continue
                for statement in filter(str.strip, script.split(";")):
                    db.execute(statement)
                db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, time.time()))

    def _checkpoint(self) -> None:
        """Fold the WAL into the database and empty it, so deleted text survives in neither."""
        with self._lock:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def create(self, job: Job) -> tuple[Job, bool]:
        """Queue ``job`` at its fair rank, or return the job that already has its id: (stored job, created)."""
        with self._tx() as db:
            job.rank = _fair_rank(db, job.user_tag)
            cursor = db.execute(
                "INSERT INTO jobs (id, created_at, status, stage, progress, options, filename, upload_path, origin,"
                " user_tag, rank) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
                (
                    job.id,
                    job.created_at,
                    job.status,
                    job.stage,
                    options_json(job.options),
                    job.filename,
                    job.upload_path,
                    job.origin,
                    job.user_tag,
                    job.rank,
                ),
            )
            if cursor.rowcount == 0:
                return Job.from_row(db.execute("SELECT * FROM jobs WHERE id = ?", (job.id,)).fetchone()), False
            job.seq = int(cursor.lastrowid or 0)
        return job, True

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return Job.from_row(row) if row else None

    def claim_next(self, max_attempts: int, exhausted_error: str) -> Job | None:
        """Take the next queued job in fair order (rank, then arrival), counting the attempt in the same transaction.

        A job that already had ``max_attempts`` (the process died during each) is failed with ``exhausted_error``
        instead, and returned as failed. Rows are read into jobs only after the commit: a row that cannot be read
        still has its attempt counted.
        """
        with self._tx() as db:
            row = db.execute(
                "SELECT * FROM jobs WHERE status = ? ORDER BY rank, seq LIMIT 1", (JobStatus.QUEUED,)
            ).fetchone()
            if row is None:
                return None
            exhausted = row["attempts"] >= max_attempts
            if exhausted:
                db.execute(
                    "UPDATE jobs SET status = ?, stage = 'done', error = ?, finished_at = ?, upload_path = NULL"
                    " WHERE seq = ?",
                    (JobStatus.FAILED, exhausted_error, time.time(), row["seq"]),
                )
                sqlite_log.append(db, row["id"], EventKind.FAILED, {"status": "failed", "error": exhausted_error})
            else:
                db.execute(
                    "UPDATE jobs SET status = ?, stage = 'decoding', started_at = ?, attempts = attempts + 1"
                    " WHERE seq = ?",
                    (JobStatus.PROCESSING, time.time(), row["seq"]),
                )
        job = Job.from_row(row)
        if exhausted:
            job.status, job.error = JobStatus.FAILED, exhausted_error
        else:
            job.status, job.attempts = JobStatus.PROCESSING, job.attempts + 1
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
        return self._finish(
            job_id, JobStatus.COMPLETED, done_data(result), result=json.dumps(result, ensure_ascii=False)
        )

    def fail(self, job_id: str, error: str) -> bool:
        return self._finish(job_id, JobStatus.FAILED, {"status": "failed", "error": error}, error=error)

    def _finish(
        self,
        job_id: str,
        status: JobStatus,
        event: dict[str, Any],
        *,
        result: str | None = None,
        error: str | None = None,
    ) -> bool:
        """Write the outcome and its terminal event in one transaction, once, while the job is processing."""
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE jobs SET status = ?, stage = 'done', progress = ?, result = ?, error = ?, finished_at = ?,"
                " upload_path = NULL WHERE id = ? AND status = ?",
                (
                    status,
                    100.0 if status == JobStatus.COMPLETED else 0.0,
                    result,
                    error,
                    time.time(),
                    job_id,
                    JobStatus.PROCESSING,
                ),
            )
            if cursor.rowcount == 1:
                sqlite_log.append(db, job_id, TERMINAL_KIND[status], event)
        return cursor.rowcount == 1

    def cancel(self, job_id: str) -> Job | None:
        """Cancel an unfinished job; returns the job as it was, or None if unknown or already finished.

        The answer to the cancel reports it, so the job counts as fetched from now."""
        with self._tx() as db:
            row = db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None or JobStatus(row["status"]).finished:
                return None
            now = time.time()
            db.execute(
                "UPDATE jobs SET status = ?, stage = 'done', result = NULL, upload_path = NULL, finished_at = ?,"
                " fetched_at = ? WHERE id = ?",
                (JobStatus.CANCELLED, now, now, job_id),
            )
            sqlite_log.append(db, job_id, EventKind.CANCELLED, {"status": "cancelled"})
        return Job.from_row(row)

    def publish(self, job_id: str, kind: EventKind, data: dict[str, Any]) -> bool:
        """Add a progress or segment event to the job's log; False when the job is no longer processing."""
        with self._tx() as db:
            row = db.execute("SELECT status FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None or row["status"] != JobStatus.PROCESSING:
                return False
            sqlite_log.append(db, job_id, kind, data)
        return True

    def events(self, job_id: str, after: str | None, limit: int) -> list[JobEvent]:
        """The job's events after id ``after`` (events.model.BadEventId for an id this log cannot have)."""
        with self._lock:
            return sqlite_log.read(self._db, job_id, after, limit)

    def streamed_until(self, job_id: str) -> float:
        with self._lock:
            return sqlite_log.streamed_until(self._db, job_id)

    def mark_fetched(self, job_id: str) -> None:
        """The client has seen the job's outcome: retention counts from the first time."""
        with self._tx() as db:
            db.execute("UPDATE jobs SET fetched_at = ? WHERE id = ? AND fetched_at IS NULL", (time.time(), job_id))

    def delete(self, job_id: str) -> bool:
        with self._tx() as db:
            cursor = db.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
        self._checkpoint()
        return cursor.rowcount == 1

    def delete_origin(self, origin: str) -> int:
        """Drop every job submitted through ``origin`` (used at start for requests whose caller is gone)."""
        with self._tx() as db:
            cursor = db.execute("DELETE FROM jobs WHERE origin = ?", (origin,))
        self._checkpoint()
        return cursor.rowcount

    def requeue_interrupted(self) -> int:
        """Jobs a crash left processing go back to their place in the queue (rank and seq are kept).

        Their attempt stays counted: the process died during it."""
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE jobs SET status = ?, stage = 'queued', progress = 0, started_at = NULL WHERE status = ?",
                (JobStatus.QUEUED, JobStatus.PROCESSING),
            )
        return cursor.rowcount

    def requeue(self, job_id: str) -> bool:
        """Put a job interrupted by a graceful shutdown back in the queue; that run does not count as an attempt."""
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE jobs SET status = ?, stage = 'queued', progress = 0, started_at = NULL,"
                " attempts = MAX(attempts - 1, 0) WHERE id = ? AND status = ?",
                (JobStatus.QUEUED, job_id, JobStatus.PROCESSING),
            )
        return cursor.rowcount == 1

    def queue_position(self, job: Job) -> int | None:
        """1 = next to run, in the order the worker claims jobs; 0 = running; None = finished."""
        if job.status == JobStatus.PROCESSING:
            return 0
        if job.status != JobStatus.QUEUED:
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT COUNT(*) FROM jobs WHERE status = ? AND (rank < ? OR (rank = ? AND seq < ?))",
                (JobStatus.QUEUED, job.rank, job.rank, job.seq),
            ).fetchone()
        return int(row[0]) + 1

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT status, COUNT(*) FROM jobs GROUP BY status").fetchall()
        counts = {status.value: 0 for status in JobStatus}
        counts.update({row[0]: row[1] for row in rows})
        return counts

    def purge(self, fetched_before: float, finished_before: float) -> list[str]:
        """Delete finished jobs fetched before ``fetched_before``, or never fetched and finished before
        ``finished_before``; returns their ids."""
        with self._tx() as db:
            rows = db.execute(
                "DELETE FROM jobs WHERE status IN (?, ?, ?)"
                " AND (fetched_at < ? OR (fetched_at IS NULL AND finished_at < ?)) RETURNING id",
                (*_FINISHED, fetched_before, finished_before),
            ).fetchall()
        if rows:
            self._checkpoint()
        return [row[0] for row in rows]

    def live_upload_paths(self) -> set[str]:
        with self._lock:
            rows = self._db.execute("SELECT upload_path FROM jobs WHERE upload_path IS NOT NULL").fetchall()
        return {row[0] for row in rows}


def _fair_rank(db: sqlite3.Connection, user_tag: str) -> int:
    """Round-robin across tags as a static sort key: a tag's next job ranks one after its last waiting or running
    one, and never before the lowest rank still active (a newcomer joins the current round)."""
    row = db.execute(
        "SELECT COALESCE(MIN(rank), 0) AS floor, MAX(CASE WHEN user_tag = ? THEN rank END) AS last"
        " FROM jobs WHERE status IN ('queued', 'processing')",
        (user_tag,),
    ).fetchone()
    return int(row["floor"]) if row["last"] is None else max(int(row["floor"]), int(row["last"]) + 1)
