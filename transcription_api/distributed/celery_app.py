"""The queue library of the distributed mode: Celery on Redis.

Every queued job sends one *turn*: a Celery task with no arguments. A worker that gets a turn takes the next job in
the fair order kept by redis_store (claim-at-run-time), so the order across user tags holds however many workers
there are and whichever turn arrives first. Turns are acknowledged late (after the job's outcome is written); a turn
whose worker died is redelivered by Celery after the visibility timeout, to the head of the queue, and its job goes
back to its old place before it is taken again (see redis_scripts.CLAIM). A surplus turn finds nothing and ends.
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
    app = Celery("transcription_api", broker=settings.queue_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,  # a turn is acknowledged only once its job's outcome is stored
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # a busy worker holds no turn but the one it runs
        task_default_queue=QUEUE,
        task_ignore_result=True,  # outcomes live in the job store
        task_serializer="json",
        accept_content=["json"],
        broker_transport_options={
            "visibility_timeout": visibility,  # must exceed the longest job (see the README)
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
    """Sends turns. The API's JobRunner in distributed mode: a cancel needs no message, because the worker running
    the job reads the job store at every progress report and stops when its run no longer owns the job."""

    def __init__(self, app: Celery, store: RedisJobStore) -> None:
        self._app = app
        self._store = store
        self._lock = threading.Lock()

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
        hostname=f"transcribe@{runner.worker_id}", pool_cls="threads", concurrency=1, queues=[QUEUE],
        optimization="fair", without_gossip=True, without_mingle=True, without_heartbeat=True, quiet=True,
        loglevel=log_level.upper(),
    )  # fmt: skip
    consumer.start()
    return int(consumer.exitcode or 0)
