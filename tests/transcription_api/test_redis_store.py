"""The distributed mode's job store on a real Redis server (password, append-only file): the same fair order and
positions as the SQLite store, attempts counted before work, leases (a job whose lease expired is put back in place
by the reaper; a redelivered turn never takes a job from a live run), writes fenced to the run that owns the job
(exactly one outcome), cancel, retention."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.redis_server import RedisServer
from transcription_api.distributed.redis_store import RedisJobStore, without_credentials
from transcription_api.engine.types import JobOptions
from transcription_api.jobs.models import Job, JobStatus
from transcription_api.jobs.retention import RetentionPolicy
from transcription_api.settings import ApiSettings

POISON = "poisoned"
LIVE_S = 60.0  # a lease that outlives the test
DEAD_S = 0.05  # a lease that has expired once the test sleeps EXPIRED_S
EXPIRED_S = 0.15


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def store(redis_server: RedisServer) -> Iterator[RedisJobStore]:
    store = RedisJobStore(redis_server.url, prefix=f"test-{uuid.uuid4().hex[:8]}:")  # a clean namespace per test
    yield store
    store.close()


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


def claim(store: RedisJobStore, turn: str = "", run: str = "", lease_s: float = LIVE_S) -> Job | None:
    return store.claim(turn or uuid.uuid4().hex, run or uuid.uuid4().hex, "worker-1", 3, POISON, lease_s)


def dies(store: RedisJobStore, turn: str = "", run: str = "") -> Job | None:
    """Claim as a worker that dies at once: its lease expires unrenewed."""
    job = claim(store, turn, run, lease_s=DEAD_S)
    time.sleep(EXPIRED_S)
    return job


def claim_order(store: RedisJobStore) -> list[str]:
    order = []
    while (job := claim(store, run="r")) is not None:
        order.append(job.id)
        assert store.complete(job.id, "r", {})
    return order


def test_queue_is_fair_across_tags_and_positions_are_truthful(store: RedisJobStore) -> None:
    for n in range(10):
        store.create(new_job(f"a{n}", tag="alice"))
    first = claim(store, run="r")  # a0 runs; alice's other nine wait
    assert first is not None and (first.id, first.status, first.attempts) == ("a0", JobStatus.PROCESSING, 1)
    store.create(new_job("b0", tag="bob"))
    store.create(new_job("b1", tag="bob"))
    store.create(new_job("u0"))  # untagged jobs share one lane
    watched = ("a0", "b0", "u0", "a1", "b1", "a2", "a9")
    positions = {job_id: store.queue_position(store.get(job_id)) for job_id in watched}  # type: ignore[arg-type]
    assert positions == {"a0": 0, "b0": 1, "u0": 2, "a1": 3, "b1": 4, "a2": 5, "a9": 12}
    assert store.complete("a0", "r", {})
    order = claim_order(store)
    assert order[:5] == ["b0", "u0", "a1", "b1", "a2"] and order[-1] == "a9"
    assert [o for o in order if o.startswith("a")] == [f"a{n}" for n in range(1, 10)]


def test_create_with_a_known_id_returns_the_existing_job(store: RedisJobStore) -> None:
    first, created = store.create(new_job("same"))
    again, created_again = store.create(new_job("same", tag="other"))
    assert (created, created_again) == (True, False)
    assert (again.seq, again.user_tag, again.options) == (first.seq, "", JobOptions(min_speakers=2))
    assert store.counts()["queued"] == 1


def test_a_redelivered_turn_puts_its_job_back_in_place_and_only_the_new_run_may_write(store: RedisJobStore) -> None:
    for name in ("a", "b"):
        store.create(new_job(name))
    taken = claim(store, turn="turn-1", run="first", lease_s=DEAD_S)
    assert taken is not None and taken.id == "a"
    assert store.set_progress("a", "first", "transcribing", 40.0)
    time.sleep(EXPIRED_S)
    # the worker died (its lease expired); Celery redelivers turn-1 to another worker before any reaper looked: "a"
    # goes back to its place and is taken again
    again = claim(store, turn="turn-1", run="second")
    assert again is not None and (again.id, again.attempts, again.stage, again.progress) == ("a", 2, "decoding", 0)
    assert not store.set_progress("a", "first", "transcribing", 90.0)  # a late write of the old run is refused
    assert not store.complete("a", "first", {"text": "old"})
    assert store.complete("a", "second", {"text": "new"})
    assert not store.complete("a", "second", {"text": "twice"})  # the outcome is written once
    done = store.get("a")
    assert done is not None and (done.status, done.result, done.upload_path) == (
        JobStatus.COMPLETED,
        {"text": "new"},
        None,
    )
    b = store.get("b")
    assert b is not None and store.queue_position(b) == 1


def test_attempts_count_deaths_not_graceful_shutdowns(store: RedisJobStore) -> None:
    store.create(new_job("poison"))
    store.create(new_job("next"))
    claimed = claim(store, run="graceful")
    assert claimed is not None and claimed.attempts == 1
    assert store.requeue("poison", "graceful")  # a graceful stop: that run does not count
    for attempt in (1, 2, 3):  # the worker dies during each run, and Celery redelivers the same turn
        claimed = dies(store, turn="turn")
        assert claimed is not None and (claimed.id, claimed.attempts) == ("poison", attempt)
        assert not store.requeue("poison", "not-the-owner")  # only the run that owns a job may put it back
    failed = claim(store, turn="turn")
    assert failed is not None and (failed.id, failed.status, failed.error) == ("poison", JobStatus.FAILED, POISON)
    assert failed.upload_path == "/tmp/poison.upload"  # so that the worker can remove the file
    stored = store.get("poison")
    assert stored is not None and (stored.status, stored.error, stored.upload_path) == (JobStatus.FAILED, POISON, None)
    nxt = claim(store)
    assert nxt is not None and nxt.id == "next"


def test_a_redelivered_turn_never_takes_a_job_from_a_live_run(store: RedisJobStore) -> None:
    for name in ("long", "next"):
        store.create(new_job(name))
    taken = claim(store, turn="turn-1", run="live")
    assert taken is not None and taken.id == "long"
    # the visibility timeout passed during a long job: Celery hands the same turn to another worker meanwhile
    assert claim(store, turn="turn-1", run="copy") is None
    assert store.renew("long", "live", LIVE_S) and not store.renew("long", "copy", LIVE_S)
    assert store.reap() == []
    running = store.get("long")
    assert running is not None and (running.status, running.attempts, running.recovered) == (
        JobStatus.PROCESSING,
        1,
        False,
    )
    assert store.complete("long", "live", {"text": "once"})
    nxt = claim(store, turn="turn-2", run="r")  # the copy took nothing: the next job still waits for its own turn
    assert nxt is not None and nxt.id == "next"


def test_the_reaper_requeues_the_job_of_a_dead_worker_and_fences_its_late_writes(store: RedisJobStore) -> None:
    for name in ("dead", "alive", "third"):
        store.create(new_job(name, tag=name))
    assert claim(store, turn="turn-1", run="gone", lease_s=DEAD_S) is not None
    assert claim(store, turn="turn-2", run="live") is not None
    time.sleep(EXPIRED_S)
    assert store.reap() == ["dead"]
    assert store.reap() == []  # another reaper at the same moment finds nothing left to do
    back = store.get("dead")
    assert back is not None and (back.status, back.attempts, back.recovered, back.stage) == (
        JobStatus.QUEUED,
        1,
        True,
        "queued",
    )
    assert back.requeued_at is not None and store.queue_position(back) == 1  # its old place, before "third"
    assert not store.renew("dead", "gone", LIVE_S)  # the run presumed dead wakes up: every write is refused
    assert not store.set_progress("dead", "gone", "transcribing", 90.0)
    assert not store.complete("dead", "gone", {"text": "late"})
    assert claim(store, turn="turn-1", run="stale") is not None  # a stale copy of the dead run's turn: fair order
    third = store.get("third")
    rerun = store.get("dead")
    assert third is not None and rerun is not None
    assert (rerun.status, rerun.attempts, rerun.recovered) == (JobStatus.PROCESSING, 2, True)
    assert third.status == JobStatus.QUEUED
    assert store.complete("dead", "stale", {"text": "new"}) and not store.complete("dead", "gone", {"text": "old"})
    assert store.get("dead").result == {"text": "new"}  # type: ignore[union-attr]


def test_a_cancelled_or_deleted_job_is_not_reaped(store: RedisJobStore) -> None:
    for name in ("cancelled", "deleted"):
        store.create(new_job(name))
        assert dies(store) is not None
    assert store.cancel("cancelled") is not None and store.delete("deleted")
    assert store.reap() == []
    assert store.counts() == {"queued": 0, "processing": 0, "completed": 0, "failed": 0, "cancelled": 1}


def test_cancel_reaches_the_running_job_and_cannot_be_overwritten(store: RedisJobStore) -> None:
    for name in ("a", "b", "c"):
        store.create(new_job(name))
    claim(store, run="r")
    assert store.complete("a", "r", {"language": "ru"})
    assert store.cancel("a") is None  # finished jobs cannot be cancelled
    claim(store, run="r")
    before = store.cancel("b")
    assert before is not None and before.status == JobStatus.PROCESSING
    assert not store.set_progress("b", "r", "transcribing", 50.0)  # the worker learns it was cancelled
    assert not store.fail("b", "r", "late")
    queued = store.cancel("c")
    assert queued is not None and queued.upload_path == "/tmp/c.upload"
    assert claim(store) is None
    assert store.counts() == {"queued": 0, "processing": 0, "completed": 1, "failed": 0, "cancelled": 2}
    cancelled = store.get("b")
    assert cancelled is not None and cancelled.fetched_at is not None and cancelled.upload_path is None
    assert store.delete("b") and store.get("b") is None and not store.delete("b")


def test_retention_counts_from_the_first_fetch(store: RedisJobStore, tmp_path: Path) -> None:
    policy = RetentionPolicy(retention_hours=1, unfetched_retention_hours=10, uploads_dir=tmp_path / "uploads")
    for name in ("fetched", "unfetched", "waiting"):
        store.create(new_job(name))
    for name in ("fetched", "unfetched"):
        claim(store, run="r")
        store.complete(name, "r", {})
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
    assert store.get("waiting") is not None and store.live_upload_paths() == {"/tmp/waiting.upload"}


def test_the_password_joins_the_queue_url_and_never_its_logged_form(redis_server: RedisServer) -> None:
    settings = ApiSettings(queue_url=redis_server.address, queue_password=redis_server.password)
    store, anonymous = RedisJobStore(settings.queue_address), RedisJobStore(redis_server.address)
    try:
        assert store.ping() and not anonymous.ping()  # the password reaches Redis, which requires it
    finally:
        store.close()
        anonymous.close()
    odd = ApiSettings(queue_url="rediss://cache.internal:6380/2", queue_password="p@ss:w/rd")
    assert odd.queue_address == "rediss://:p%40ss%3Aw%2Frd@cache.internal:6380/2"
    assert "p@ss" not in repr(odd) and "p%40ss" not in without_credentials(odd.queue_address)
    assert without_credentials(odd.queue_address) == "rediss://***@cache.internal:6380/2"
    assert without_credentials("redis://worker:secret@redis:6379/0") == "redis://***@redis:6379/0"
    assert without_credentials("redis://redis:6379/0") == "redis://redis:6379/0"
    in_url = ApiSettings(queue_url="redis://user:own@redis:6379/0", queue_password="other")
    assert in_url.queue_address == "redis://user:own@redis:6379/0"  # credentials in the URL win
