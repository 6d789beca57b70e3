"""The distributed mode with real processes: a Redis server, a stateless API and two workers
(``python -m transcription_api.worker``, packaged tiny.en, one CPU thread each) sharing one uploads folder.

Many jobs spread over both workers and each is processed once; the queue is fair across tags and its positions are
truthful with several workers; a cancel stops the job on the worker running it; the API restarts (and a second one
joins) without losing a job; a worker stopped gracefully puts its job back without counting the attempt. Workers
killed mid-job: test_worker_recovery.py. The workers decode
through the drill's stand-in ffmpeg (tests/support/ffmpeg_drill.sh), so a test can hold a job inside a worker.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cluster import Cluster, running
from tests.support.drills import Gate, marked
from tests.support.redis_server import RedisServer
from tests.support.transcription_service import TranscriptionService
from tests.support.waiting import wait_for
from tests.transcription_api.conftest import API_KEY, Client

# The backstop: a turn is redelivered once its worker has not acknowledged it for this long.
VISIBILITY_S = "20"
FINISHED = "transcription_jobs_finished_total"
COMPLETED = 'status="completed"'


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("scale")
    redis_server = RedisServer(root / "redis").start()
    cluster = Cluster(root, redis_server, API_KEY, {"TRANSCRIBE_QUEUE_VISIBILITY_TIMEOUT_S": VISIBILITY_S})
    with running(cluster) as started:
        yield started


@pytest.fixture
def client(cluster: Cluster) -> Iterator[Client]:
    with Client(cluster.api.url) as c:
        yield c


def test_twenty_jobs_spread_over_two_workers_and_each_is_processed_once(
    cluster: Cluster, client: Client, clip: Path
) -> None:
    cluster.with_workers(2)
    before = [worker.metric(FINISHED, COMPLETED) for worker in cluster.workers]
    tasks = [client.submit_ok(clip, diarize="false", user_tag=f"user-{n % 4}") for n in range(20)]
    results = [client.wait(task) for task in tasks]
    assert [r["status"] for r in results] == ["completed"] * 20
    assert all("contract" in r["result"]["segments"][0]["text"] for r in results)
    rows = [cluster.job(task) for task in tasks]
    assert [row["attempts"] for row in rows] == ["1"] * 20
    ran = [worker.metric(FINISHED, COMPLETED) - done for worker, done in zip(cluster.workers, before, strict=True)]
    assert sum(ran) == 20 and min(ran) > 0, f"completions per worker: {ran}"
    assert len({row["owner"] for row in rows}) == 2
    assert cluster.uploads() == []


def test_fair_order_and_truthful_positions_hold_across_workers(
    cluster: Cluster, client: Client, clip: Path, tmp_path: Path
) -> None:
    c = client
    cluster.with_workers(2)
    c.idle()  # the positions below count from an empty queue
    gates = [Gate(cluster.gates), Gate(cluster.gates)]
    try:
        held = []
        for n, gate in enumerate(gates):  # each worker is held in the decode of one of alice's recordings
            held.append(
                c.submit_ok(marked(clip, tmp_path / f"a{n}.wav", gate.marker), user_tag="alice", diarize="false")
            )
            gate.wait_held()
        alice = [c.submit_ok(clip, user_tag="alice", diarize="false") for _ in range(3)]
        bob = c.submit_ok(clip, user_tag="bob", diarize="false")
        carol = c.submit_ok(clip, user_tag="carol", diarize="false")
        running = [c.status(task) for task in held]
        assert [(s["status"], s["stage"], s["queue_position"]) for s in running] == [("processing", "decoding", 0)] * 2
        assert [c.status(task)["queue_position"] for task in (bob, carol, *alice)] == [1, 2, 3, 4, 5]
        for gate in gates:
            gate.release()
        assert [c.wait(task)["status"] for task in (*held, bob, carol, *alice)] == ["completed"] * 7
    finally:
        for gate in gates:
            gate.release()
    started = {task: float(cluster.job(task)["started_at"]) for task in (bob, carol, *alice)}
    assert max(started[bob], started[carol]) < started[alice[0]] < started[alice[1]] < started[alice[2]]


def test_a_cancel_stops_the_running_job_on_its_worker(
    cluster: Cluster, client: Client, clip: Path, tmp_path: Path
) -> None:
    gate = Gate(cluster.gates)
    try:
        held = client.submit_ok(marked(clip, tmp_path / "held.wav", gate.marker), diarize="false")
        gate.wait_held()
        worker = cluster.worker_of(held)
        cancelled = worker.metric(FINISHED, 'status="cancelled"')
        upload = Path(cluster.job(held)["upload_path"])
        assert worker.metric("transcription_jobs_in_flight") == 1 and upload.exists()
        assert client.http.delete(f"/transcribe/{held}").json() == {"task_id": held, "status": "cancelled"}
        # the decode is still held: only the cancel can have stopped the job
        wait_for(lambda: worker.metric(FINISHED, 'status="cancelled"') == cancelled + 1, 30, "the worker to stop it")
        assert worker.metric("transcription_jobs_in_flight") == 0
        assert not upload.exists()
        assert client.status(held)["status"] == "cancelled"
    finally:
        gate.release()
    assert client.wait(client.submit_ok(clip, diarize="false"))["status"] == "completed"


def test_api_restarts_and_replicas_lose_nothing(cluster: Cluster, clip: Path) -> None:
    with Client(cluster.api.url) as c:
        tasks = [c.submit_ok(clip, diarize="false", task_id=uuid.uuid4().hex) for _ in range(4)]
    cluster.api.kill()  # jobs are queued or running: the workers go on without any API
    cluster.api.start()
    replica = TranscriptionService(cluster.data, api_key=API_KEY, settings=cluster.settings).start()
    try:
        with Client(cluster.api.url) as c, Client(replica.url) as other:
            assert [c.wait(task)["status"] for task in tasks] == ["completed"] * 4
            again = other.submit(clip, task_id=tasks[0])  # a retry reaching another API process
            assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
            text = other.http.get(f"/transcribe/result/{tasks[1]}", params={"format": "txt"})
            assert text.status_code == 200 and "contract" in text.text
    finally:
        replica.stop()
    assert cluster.uploads() == []


def test_a_worker_stopped_gracefully_puts_its_job_back_uncounted(
    cluster: Cluster, client: Client, clip: Path, tmp_path: Path
) -> None:
    (stopping,) = cluster.with_workers(1)  # nobody else can take the job it puts back
    client.idle()  # the position below counts from an empty queue
    gate = Gate(cluster.gates)
    try:
        held = client.submit_ok(marked(clip, tmp_path / "held.wav", gate.marker), diarize="false")
        gate.wait_held()
        stopping.stop()  # SIGTERM: the job goes back to its place, and this run does not count
        waiting = client.status(held)
        assert (waiting["status"], waiting["queue_position"]) == ("queued", 1)
        assert cluster.job(held)["attempts"] == "0"
        restarted = next(w for w in cluster.workers if not w.running).start(timeout=300)  # as a supervisor would
    finally:
        gate.release()
    result = client.wait(held, timeout=180)
    assert result["status"] == "completed"
    row = cluster.job(held)
    assert row["attempts"] == "1" and row["owner"].endswith(f"-{restarted.pid}")
