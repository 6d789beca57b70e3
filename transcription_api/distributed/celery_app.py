"""The queue library of the distributed mode: Celery on Redis.

Every queued job sends one *turn*: a Celery task with no arguments. A worker that gets a turn takes the next job in
the fair order kept by redis_store (claim-at-run-time), so the order across user tags holds however many workers
there are and whichever turn arrives first. Turns are acknowledged late (after the job's outcome is written).

Recovery is by liveness, not by timeout: a running job holds a lease its worker renews every few seconds; when the
worker dies the lease expires and any worker's housekeeping puts the job back in its place and sends it a new turn
(redis_scripts.REAP), within worker_lease_s + reaper_interval_s. Celery's visibility timeout stays only as a
backstop: a turn it redelivers while the first run's lease lives takes nothing, so a long job on a live worker is
never taken over, and since kombu keeps one delivery tag across redeliveries (the first run's acknowledgement also
acknowledges the copy), nothing depends on the copy's acknowledgement. A surplus turn finds nothing and ends.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery import Celery, signals
from kombu.exceptions import ChannelError

from transcription_api.distributed.redis_store import RedisJobStore
from transcription_api.distributed.runner import TurnRunner
from transcription_api.settings import ApiSettings

log = logging.getLogger(__name__)
QUEUE = "transcription"
TURN_TASK = "transcription_api.take_turn"


def make_celery(settings: ApiSettings) -> Celery:
    """The Celery app every process of the distributed mode uses (the API only sends, workers consume)."""
    visibility = settings.queue_visibility_timeout_s
    app = Celery("transcription_api", broker=settings.queue_address, set_as_current=False)
    app.conf.update(
        task_acks_late=True,  # a turn is acknowledged only once its job's outcome is stored
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # a busy worker holds no turn but the one it runs
        task_default_queue=QUEUE,
        task_ignore_result=True,  # outcomes live in the job store
        task_serializer="json",
        accept_content=["json"],
        broker_transport_options={
            "visibility_timeout": visibility,  # a backstop only: leases requeue the jobs of dead workers
            # every worker looks for turns past the visibility timeout this often (a cheap ZRANGE on Redis)
            "unacked_restore_interval": min(10.0, max(1.0, visibility / 20)),
            "unacked_restore_throttle": 1,
        },
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        worker_cancel_long_running_tasks_on_connection_loss=False,
    )
    return app


class TurnSender:
    """Sends turns, and requeues the jobs of dead workers. The API's JobRunner in distributed mode: a cancel needs no
    message, because the worker running the job reads the job store at every progress report and stops when its run
    no longer owns the job."""

    def __init__(self, app: Celery, store: RedisJobStore) -> None:
        self._app = app
        self._store = store
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def start_reaper(self, interval_s: float) -> None:
        """Requeue the jobs of dead workers every ``interval_s`` in a thread (the API does it too, so that a job
        whose only worker died says "queued" rather than "processing"); any number of processes may."""
        threading.Thread(target=self._reap_loop, args=(interval_s,), name="reaper", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _reap_loop(self, interval_s: float) -> None:
        while not self._stop.wait(interval_s):
            try:
                self.requeue_dead_runs()
            except Exception:
                log.warning("requeueing the jobs of dead workers failed; retrying", exc_info=True)

    def requeue_dead_runs(self) -> int:
        """Jobs whose run's lease expired (their worker died) go back in their place, each with a new turn."""
        requeued = self._store.reap()
        for job_id in requeued:
            log.warning("job %s lost its worker (lease expired); it is queued again", job_id)
            self.wake()
        return len(requeued)

    def wake(self) -> None:
        """A job was queued: one more turn. If Redis refuses it now, top_up sends it later."""
        try:
            with self._lock:
                self._app.send_task(TURN_TASK, queue=QUEUE)
        except Exception:
            log.warning("could not send a turn to the queue; the workers' housekeeping sends it later", exc_info=True)

    def cancel(self, job_id: str) -> None:
        """Nothing to send: the job store already says the job is cancelled."""

    @property
    def alive(self) -> bool:
        return self._store.ping()

    def report(self) -> dict[str, Any]:
        return {"workers": self._store.workers()}

    def waiting_turns(self) -> int:
        with self._app.connection_for_read() as connection:
            try:
                return int(connection.default_channel.queue_declare(queue=QUEUE, passive=True).message_count)
            except ChannelError:  # Redis drops an empty list: no turn waits
                return 0

    def top_up(self) -> int:
        """Send the turns queued jobs lack (an API process that died between storing a job and sending its turn);
        an extra turn is harmless. Returns how many were sent."""
        missing = self._store.counts()["queued"] - self.waiting_turns()
        for _ in range(max(missing, 0)):
            self.wake()
        return max(missing, 0)


def consume(app: Celery, runner: TurnRunner, sender: TurnSender, log_level: str) -> int:
    """Run Celery's consumer in this process (one turn at a time, in a thread, so that signals and the broker
    connection are served meanwhile) until a signal stops it; its exit status."""

    @app.task(name=TURN_TASK, bind=True)
    def take_turn(task: Any) -> None:
        if runner.take_turn(task.request.id):  # the delivery's id: the same when Celery redelivers it
            sender.wake()  # stopped before its job ended: that job needs a turn again

    # SIGTERM/SIGINT: Celery waits for the running turn; the runner stops the job at its next progress report
    signals.worker_shutting_down.connect(lambda **_: runner.stopping.set(), weak=False)
    consumer = app.Worker(
        hostname=f"transcribe@{runner.worker_id}",
        pool_cls="threads",
        concurrency=1,
        queues=[QUEUE],
        optimization="fair",
        without_gossip=True,
        without_mingle=True,
        without_heartbeat=True,
        quiet=True,
        loglevel=log_level.upper(),
    )
    consumer.start()
    return int(consumer.exitcode or 0)
