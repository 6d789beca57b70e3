"""The job store on a real SQLite file: migrations, FIFO, re-queue after a crash, cancel, retention."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from transcription_api.engine.types import JobOptions
from transcription_api.jobs.models import Job, JobStatus
from transcription_api.jobs.store import JobStore
from transcription_api.services import remove_orphan_uploads


def new_job(job_id: str) -> Job:
    return Job(
        job_id,
        0,
        time.time(),
        JobStatus.QUEUED,
        "queued",
        0.0,
        JobOptions(min_speakers=2),
        f"{job_id}.wav",
        f"/tmp/{job_id}.upload",
        None,
        None,
        None,
        None,
        "api",
    )


def test_migrations_are_recorded_and_idempotent(tmp_path: Path) -> None:
    JobStore(tmp_path / "jobs.sqlite3").close()
    JobStore(tmp_path / "jobs.sqlite3").close()
    with sqlite3.connect(tmp_path / "jobs.sqlite3") as db:
        assert db.execute("SELECT version FROM schema_migrations").fetchall() == [(1,)]
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_fifo_requeue_and_positions(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs.sqlite3")
    for name in ("a", "b", "c"):
        store.create(new_job(name))
    first = store.claim_next()
    assert first is not None and first.id == "a" and first.options.min_speakers == 2
    b = store.get("b")
    assert b is not None and store.queue_position(b) == 1
    store.close()
    reopened = JobStore(tmp_path / "jobs.sqlite3")  # as after a crash: "a" was processing
    assert reopened.requeue_interrupted() == 1
    assert [reopened.claim_next().id for _ in range(3)] == ["a", "b", "c"]  # type: ignore[union-attr]
    assert reopened.claim_next() is None


def test_complete_fail_cancel(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs.sqlite3")
    for name in ("a", "b", "c"):
        store.create(new_job(name))
    store.claim_next()
    assert store.complete("a", {"segments": [], "language": "ru", "duration": 1.0, "speakers": []})
    done = store.get("a")
    assert done is not None and done.status == JobStatus.COMPLETED and done.result["language"] == "ru"
    assert done.upload_path is None and store.cancel("a") is None  # finished jobs cannot be cancelled
    store.claim_next()
    assert store.cancel("b") is not None
    assert not store.set_progress("b", "transcribing", 50.0)  # the worker learns it was cancelled
    assert not store.fail("b", "late")  # and cannot overwrite the cancellation
    assert store.counts() == {"queued": 1, "processing": 0, "completed": 1, "failed": 0, "cancelled": 1}


def test_retention_purge_and_orphans(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs.sqlite3")
    store.create(new_job("old"))
    store.create(new_job("live"))
    store.claim_next()
    store.fail("old", "boom")
    assert store.purge_finished_before(time.time() - 3600) == []
    assert store.purge_finished_before(time.time() + 1) == ["old"]
    assert store.get("old") is None and store.get("live") is not None
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    kept, orphan = uploads / "live.upload", uploads / "orphan.upload"
    kept.write_bytes(b"x")
    orphan.write_bytes(b"x")
    os.utime(orphan, (time.time() - 7200, time.time() - 7200))
    assert remove_orphan_uploads(uploads, {str(kept)}, min_age_s=3600) == 1
    assert kept.exists() and not orphan.exists()
