"""The job store on a real SQLite file: migrations, fair order, attempts, re-queue after a crash, cancel, retention,
idempotent create, deletion that leaves no text behind."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from transcription_api.engine.types import JobOptions
from transcription_api.jobs.models import Job, JobStatus
from transcription_api.jobs.retention import RetentionPolicy, remove_orphan_uploads, reports_outcome
from transcription_api.jobs.store import JobStore
from transcription_api.jobs.store_schema import MIGRATIONS
from transcription_api.uploads import UploadLock

POISON = "poisoned"


def new_job(job_id: str, tag: str = "") -> Job:
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
        user_tag=tag,
    )


def claim(store: JobStore) -> Job | None:
    return store.claim_next(3, POISON)


def claim_order(store: JobStore) -> list[str]:
    order = []
    while (job := claim(store)) is not None:
        order.append(job.id)
        store.complete(job.id, {})
    return order


def test_migrations_are_recorded_and_idempotent(tmp_path: Path) -> None:
    JobStore(tmp_path / "jobs.sqlite3").close()
    JobStore(tmp_path / "jobs.sqlite3").close()
    with sqlite3.connect(tmp_path / "jobs.sqlite3") as db:
        versions = [(n,) for n in range(1, len(MIGRATIONS) + 1)]
        assert db.execute("SELECT version FROM schema_migrations").fetchall() == versions
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_database_of_the_first_schema_is_upgraded_and_keeps_its_queue_order(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0])
        db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at REAL)")
        db.execute("INSERT INTO schema_migrations VALUES (1, 0)")
        old_rows = [("done", "completed"), ("running", "processing"), ("next", "queued"), ("last", "queued")]
        for job_id, status in old_rows:
            db.execute(
                "INSERT INTO jobs (id, created_at, status, stage, options, filename) VALUES (?, 0, ?, 'x', '{}', 'f')",
                (job_id, status),
            )
    store = JobStore(path)
    assert store.requeue_interrupted() == 1
    store.create(new_job("newcomer", tag="b"))  # another tag joins the current round: right after the running job
    assert claim_order(store) == ["running", "newcomer", "next", "last"]
    done = store.get("done")
    assert done is not None and (done.user_tag, done.attempts, done.fetched_at) == ("", 0, None)


def test_queue_is_fair_across_tags_and_positions_are_truthful(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs.sqlite3")
    for n in range(10):
        store.create(new_job(f"a{n}", tag="alice"))
    first = claim(store)  # a0 runs; alice's other nine wait
    assert first is not None and first.id == "a0"
    store.create(new_job("b0", tag="bob"))
    store.create(new_job("b1", tag="bob"))
    store.create(new_job("u0"))  # untagged jobs share one lane
    watched = ("b0", "u0", "a1", "b1", "a2", "a9")
    positions = {job_id: store.queue_position(store.get(job_id)) for job_id in watched}  # type: ignore[arg-type]
    assert positions == {"b0": 1, "u0": 2, "a1": 3, "b1": 4, "a2": 5, "a9": 12}
    store.complete("a0", {})
    order = claim_order(store)
    assert order[:5] == ["b0", "u0", "a1", "b1", "a2"] and order[-1] == "a9"
    assert [o for o in order if o.startswith("a")] == [f"a{n}" for n in range(1, 10)]  # each tag stays in order


def test_a_tags_new_job_goes_after_its_waiting_ones(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs.sqlite3")
    for name in ("a0", "a1", "a2"):
        store.create(new_job(name, tag="alice"))
    claim(store)
    store.complete("a0", {})
    store.create(new_job("a3", tag="alice"))
    assert claim_order(store) == ["a1", "a2", "a3"]


def test_fifo_requeue_and_positions(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs.sqlite3")
    for name in ("a", "b", "c"):
        store.create(new_job(name))
    first = claim(store)
    assert first is not None and first.id == "a" and first.options.min_speakers == 2
    b = store.get("b")
    assert b is not None and store.queue_position(b) == 1
    store.close()
    reopened = JobStore(tmp_path / "jobs.sqlite3")  # as after a crash: "a" was processing
    assert reopened.requeue_interrupted() == 1
    assert [claim(reopened).id for _ in range(3)] == ["a", "b", "c"]  # type: ignore[union-attr]
    assert claim(reopened) is None


def test_attempts_count_crashes_not_graceful_shutdowns(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite3"
    store = JobStore(path)
    store.create(new_job("poison"))
    store.create(new_job("next"))
    claimed = claim(store)
    assert claimed is not None and claimed.attempts == 1
    assert store.requeue("poison")  # graceful shutdown: that run does not count
    for attempt in (1, 2, 3):
        claimed = claim(store)
        assert claimed is not None and (claimed.id, claimed.attempts) == ("poison", attempt)
        store.close()  # the process dies mid-job
        store = JobStore(path)
        store.requeue_interrupted()
    failed = claim(store)
    assert failed is not None and (failed.id, failed.status, failed.error) == ("poison", JobStatus.FAILED, POISON)
    stored = store.get("poison")
    assert stored is not None and stored.status == JobStatus.FAILED and stored.upload_path is None
    nxt = claim(store)
    assert nxt is not None and nxt.id == "next"


def test_create_with_a_known_id_returns_the_existing_job(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs.sqlite3")
    first, created = store.create(new_job("same"))
    again, created_again = store.create(new_job("same", tag="other"))
    assert (created, created_again) == (True, False)
    assert (again.seq, again.user_tag) == (first.seq, "")
    assert store.counts()["queued"] == 1


def test_complete_fail_cancel(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs.sqlite3")
    for name in ("a", "b", "c"):
        store.create(new_job(name))
    claim(store)
    assert store.complete("a", {"segments": [], "language": "ru", "duration": 1.0, "speakers": []})
    done = store.get("a")
    assert done is not None and done.status == JobStatus.COMPLETED and done.result["language"] == "ru"
    assert done.upload_path is None and store.cancel("a") is None  # finished jobs cannot be cancelled
    claim(store)
    assert store.cancel("b") is not None
    assert not store.set_progress("b", "transcribing", 50.0)  # the worker learns it was cancelled
    assert not store.fail("b", "late")  # and cannot overwrite the cancellation
    assert store.counts() == {"queued": 1, "processing": 0, "completed": 1, "failed": 0, "cancelled": 1}
    cancelled = store.get("b")
    assert cancelled is not None and cancelled.fetched_at is not None  # the cancel's answer reported it


def test_retention_counts_from_the_first_fetch(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs.sqlite3")
    policy = RetentionPolicy(retention_hours=1, unfetched_retention_hours=10, uploads_dir=tmp_path / "uploads")
    for name in ("fetched", "unfetched", "waiting"):
        store.create(new_job(name))
    for name in ("fetched", "unfetched"):
        claim(store)
        store.complete(name, {})
    assert not reports_outcome(store.get("fetched"), result_returned=False)  # type: ignore[arg-type]
    assert reports_outcome(store.get("fetched"), result_returned=True)  # type: ignore[arg-type]
    store.mark_fetched("fetched")
    fetched_at = store.get("fetched").fetched_at  # type: ignore[union-attr]
    assert fetched_at is not None
    store.mark_fetched("fetched")  # a second fetch does not extend it
    assert store.get("fetched").fetched_at == fetched_at  # type: ignore[union-attr]
    hour = 3600
    assert policy.purge(store, now=fetched_at + hour - 1) == []
    assert policy.purge(store, now=fetched_at + hour + 1) == ["fetched"]
    assert policy.purge(store, now=time.time() + 10 * hour - 60) == []  # never fetched: kept up to the cap
    assert policy.purge(store, now=time.time() + 10 * hour + 1) == ["unfetched"]
    assert store.get("waiting") is not None  # unfinished jobs are never purged


def test_orphan_uploads_go_at_once_unless_an_upload_holds_them(tmp_path: Path) -> None:
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    kept, orphan, streaming = uploads / "live.upload", uploads / "orphan.upload", uploads / "streaming.upload"
    kept.write_bytes(b"x")
    orphan.write_bytes(b"x")
    lock = UploadLock(streaming)  # an upload still streaming in (or being probed) holds its file
    past = time.time() - 60
    for path in (kept, orphan, streaming):
        os.utime(path, (past, past))
    assert remove_orphan_uploads(uploads, lambda: {str(kept)}) == 1
    assert kept.exists() and streaming.exists() and not orphan.exists()
    lock.release()  # the request died without a job: nothing holds it now
    assert remove_orphan_uploads(uploads, lambda: {str(kept)}) == 1
    assert sorted(p.name for p in uploads.iterdir()) == ["live.upload"]


def test_the_sweep_spares_a_file_whose_job_appears_while_it_looks(tmp_path: Path) -> None:
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    claimed = uploads / "claimed.upload"
    claimed.write_bytes(b"x")
    os.utime(claimed, (time.time() - 60, time.time() - 60))
    reads: list[set[str]] = [set(), {str(claimed)}]  # no job at the first look, its job row at the second
    assert remove_orphan_uploads(uploads, lambda: reads.pop(0)) == 0
    assert claimed.exists()


def test_a_just_created_unlocked_file_is_spared(tmp_path: Path) -> None:
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "new.upload").write_bytes(b"")  # the instant between an upload's create and its lock
    assert remove_orphan_uploads(uploads, set) == 0
    assert remove_orphan_uploads(uploads, set, min_age_s=0) == 1


def test_deleted_and_purged_transcripts_leave_no_text_in_the_files(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite3"
    store = JobStore(path)
    words = {"before": "Keepsakeamber", "deleted": "Zanzibarquartz", "purged": "Ouagadougoufern", "after": "Keepwillow"}
    for job_id, word in words.items():  # rows side by side in the same pages
        store.create(new_job(job_id))
        claim(store)
        store.complete(job_id, {"segments": [{"text": f"The secret is {word}. " * 20}]})
    assert store.delete("deleted")
    store.mark_fetched("purged")
    assert store.purge(fetched_before=time.time() + 1, finished_before=0) == ["purged"]
    on_disk = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("jobs.sqlite3"))
    assert b"Keepsakeamber" in on_disk and b"Keepwillow" in on_disk  # the scan does see live rows
    for gone in ("deleted", "purged"):
        assert words[gone].encode() not in on_disk, f"{words[gone]} is still in the database files"
    # Debian's SQLite zeroes deleted content by default, so the scan alone would pass without the pragma elsewhere
    assert store._db.execute("PRAGMA secure_delete").fetchone()[0] == 1
