"""Drills of the distributed mode's recovery by liveness, with real processes: Redis (password, append-only file), a
stateless API and two workers (packaged tiny.en) whose lease and reaper timings are short, so that the drills are
quick (the defaults, 30 s lease + 5 s reaper, bound the same recovery at 35 s).

A worker killed (SIGKILL) mid-job: its job is queued again and completes once, within a minute. A job that runs longer
than the visibility timeout on a live worker is not restarted, though Celery hands its turn to the other worker.
The second worker killed during the redelivered run: the job still completes once. A diarization-only job recovers
the same way. Retention purges what the
distributed mode keeps on each of its two clocks; the queue's password never reaches a log.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cluster import Cluster, running
from tests.support.drills import Gate, marked
from tests.support.redis_server import RedisServer
from tests.support.transcription_service import TranscriptionWorker
from tests.support.waiting import wait_for
from tests.transcription_api.conftest import API_KEY, Client

LEASE_S = 5.0  # renewed every 1.7 s: survives a busy machine starving the renewal thread for 3 s
VISIBILITY_S = 4.0  # the backstop, below the length of the held jobs here
UNFETCHED_S = 6.0  # a finished job nobody fetched is purged this long after it ended; a fetched one is kept 1000 h
RECOVERY_BOUND_S = 60.0
FINISHED = "transcription_jobs_finished_total"
COMPLETED = 'status="completed"'


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("recovery")
    redis_server = RedisServer(root / "redis").start()
    settings = {
        "TRANSCRIBE_QUEUE_URL": redis_server.address,
        "TRANSCRIBE_QUEUE_PASSWORD": redis_server.password,
        "TRANSCRIBE_WORKER_LEASE_S": str(LEASE_S),
        "TRANSCRIBE_REAPER_INTERVAL_S": "1",
        "TRANSCRIBE_QUEUE_VISIBILITY_TIMEOUT_S": str(VISIBILITY_S),
        "TRANSCRIBE_PURGE_INTERVAL_S": "1",
        "TRANSCRIBE_RETENTION_HOURS": "1000",
        "TRANSCRIBE_UNFETCHED_RETENTION_HOURS": str(UNFETCHED_S / 3600),
    }
    cluster = Cluster(root, redis_server, API_KEY, settings)
    with running(cluster) as started:
        yield started


@pytest.fixture
def client(cluster: Cluster) -> Iterator[Client]:
    with Client(cluster.api.url) as c:
        yield c


def completions(workers: list[TranscriptionWorker]) -> float:
    return sum(worker.metric(FINISHED, COMPLETED) for worker in workers if worker.running)


def test_a_worker_killed_mid_job_has_its_job_completed_once_within_a_minute(
    cluster: Cluster, client: Client, clip: Path, tmp_path: Path
) -> None:
    cluster.with_workers(2)
    gate = Gate(cluster.gates)
    try:
        held = client.submit_ok(marked(clip, tmp_path / "held.wav", gate.marker), diarize="false")
        gate.wait_held()
        victim = cluster.worker_of(held)
        (survivor,) = [w for w in cluster.workers if w is not victim]
        before = survivor.metric(FINISHED, COMPLETED)
        victim.kill()  # SIGKILL mid-job: no shutdown hook, its turn never acknowledged
        killed_at = time.time()
        gate.release()
        seen: list[dict[str, object]] = []
        wait_for(
            lambda: seen.append(client.status(held)) or seen[-1]["recovered"],
            RECOVERY_BOUND_S,
            "the requeue",
            every=0.2,
        )
        assert seen[-1]["status"] in ("queued", "processing") and seen[-1]["updated_at"] is not None
    finally:
        gate.release()
    result = client.wait(held, timeout=RECOVERY_BOUND_S)
    assert (result["status"], result["error"], result["attempt"], result["recovered"]) == ("completed", None, 2, True)
    assert "contract" in result["result"]["segments"][0]["text"]
    row = cluster.job(held)
    assert row["owner"].endswith(f"-{survivor.pid}") and float(row["requeued_at"]) - killed_at < RECOVERY_BOUND_S
    assert survivor.metric(FINISHED, COMPLETED) == before + 1
    assert cluster.uploads() == []


def test_a_job_longer_than_the_visibility_timeout_on_a_live_worker_is_not_restarted(
    cluster: Cluster, client: Client, clip: Path, tmp_path: Path
) -> None:
    workers = cluster.with_workers(2)
    client.idle()
    gate = Gate(cluster.gates)
    try:
        held = client.submit_ok(marked(clip, tmp_path / "long.wav", gate.marker), diarize="false")
        gate.wait_held()
        runner = cluster.worker_of(held)
        (other,) = [w for w in workers if w is not runner]
        turn = cluster.job(held)["claim"]
        before = completions(workers)
        # Celery redelivers the unacknowledged turn to the idle worker: its copy must take nothing
        wait_for(lambda: other.log_path.read_text().count(turn) > 0, 60, "the turn's redelivery to the other worker")
        time.sleep(2 * LEASE_S)  # several leases and reaper rounds pass while the decode is still held
        status = client.status(held)
        assert (status["status"], status["attempt"], status["recovered"]) == ("processing", 1, False)
    finally:
        gate.release()
    result = client.wait(held, timeout=120)
    assert (result["status"], result["attempt"]) == ("completed", 1)
    assert cluster.job(held)["owner"].endswith(f"-{runner.pid}")
    assert completions(workers) == before + 1  # it ran once: the other worker never completed a copy


def test_the_second_worker_killed_during_the_redelivered_run_still_completes_once(
    cluster: Cluster, client: Client, clip: Path, tmp_path: Path
) -> None:
    cluster.with_workers(2)
    gate = Gate(cluster.gates)
    try:
        held = client.submit_ok(marked(clip, tmp_path / "twice.wav", gate.marker), diarize="false")
        gate.wait_held()
        first = cluster.worker_of(held)
        gate.rearm()
        first.kill()
        gate.wait_held(timeout=RECOVERY_BOUND_S)  # the redelivered run is held in the same decode on the other one
        second = cluster.worker_of(held)
        assert second is not first and cluster.job(held)["attempts"] == "2"
        (restarted,) = [w for w in cluster.with_workers(2) if w is not second]  # a supervisor restarts the first
        before = restarted.metric(FINISHED, COMPLETED)
        second.kill()
        gate.release()
        result = client.wait(held, timeout=RECOVERY_BOUND_S)
    finally:
        gate.release()
    assert (result["status"], result["attempt"], result["recovered"]) == ("completed", 3, True)
    assert cluster.job(held)["owner"].endswith(f"-{restarted.pid}")
    assert restarted.metric(FINISHED, COMPLETED) == before + 1
    assert cluster.uploads() == []


def test_a_diarization_only_job_whose_worker_dies_completes_once_with_the_given_words(
    cluster: Cluster, client: Client, clip: Path, tmp_path: Path
) -> None:
    cluster.with_workers(2)
    heard = client.wait(client.submit_ok(clip, diarize="false"))["result"]
    words = [w for s in heard["segments"] for w in s["words"]]
    given = json.dumps([{k: w[k] for k in ("word", "start", "end", "space_before")} for w in words])
    gate = Gate(cluster.gates)
    try:
        held = client.submit_ok(
            marked(clip, tmp_path / "speakers.wav", gate.marker), diarize_only="true", words=given, language="en"
        )
        gate.wait_held()
        victim = cluster.worker_of(held)
        (survivor,) = [w for w in cluster.workers if w is not victim]
        before = survivor.metric(FINISHED, COMPLETED)
        victim.kill()
        gate.release()
        result = client.wait(held, timeout=RECOVERY_BOUND_S)
    finally:
        gate.release()
    assert (result["status"], result["attempt"], result["recovered"]) == ("completed", 2, True)
    assert [w["word"] for s in result["result"]["segments"] for w in s["words"]] == [w["word"] for w in words]
    assert survivor.metric(FINISHED, COMPLETED) == before + 1
    assert cluster.uploads() == []


def test_retention_keeps_a_fetched_job_and_purges_one_nobody_fetched(
    cluster: Cluster, client: Client, clip: Path
) -> None:
    cluster.with_workers(2)
    fetched, unfetched = (client.submit_ok(clip, diarize="false") for _ in range(2))
    assert client.wait(fetched)["status"] == "completed"  # its result is read: fetched, kept 1000 h
    wait_for(lambda: client.status(unfetched)["status"] == "completed", 120, "the second job")  # a status read only
    wait_for(lambda: client.gone(unfetched), 30 + UNFETCHED_S, "the unfetched job's purge")
    time.sleep(2)  # two more purge rounds
    again = client.http.get(f"/transcribe/result/{fetched}")
    assert again.status_code == 200 and again.json()["status"] == "completed"


def test_the_queue_password_never_reaches_a_log(cluster: Cluster) -> None:
    assert cluster.redis.client().config_get("appendonly") == {"appendonly": "yes"}
    logs = [process.log_path.read_text() for process in (cluster.api, *cluster.workers)]
    assert "distributed mode: jobs go to the queue at redis://***@127.0.0.1:" in logs[0]
    assert all(log and cluster.redis.password not in log for log in logs)
