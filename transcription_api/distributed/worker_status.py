"""A worker's own face to operations: /health and /metrics on TRANSCRIBE_WORKER_PORT, its entry in the shared list
of live workers, and the housekeeping every worker does: renewing the lease of the job it runs, putting back in the
queue the jobs of workers that died (their lease expired), retention purge, turns for jobs that lack one."""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, Gauge

from transcription_api.distributed.celery_app import TurnSender
from transcription_api.distributed.redis_store import RedisJobStore
from transcription_api.distributed.runner import TurnRunner
from transcription_api.jobs.retention import RetentionPolicy
from transcription_api.metrics import ServiceMetrics

log = logging.getLogger(__name__)
RENEWALS_PER_LEASE = 3  # a lease survives two missed renewals (a slow Redis, a long pause of the process)


class WorkerMetrics(ServiceMetrics):
    """The service's metrics (jobs by outcome, processing time, real-time factor, queue depth by status) plus the
    jobs this worker runs right now."""

    def __init__(self, store: RedisJobStore, runner: Callable[[], TurnRunner]) -> None:
        super().__init__(store)
        in_flight = Gauge("transcription_jobs_in_flight", "Jobs this worker runs now", registry=self.registry)
        in_flight.set_function(lambda: float(runner().current is not None))


class WorkerStatus:
    """Serves /health and /metrics, says in Redis that this worker is alive, and does the housekeeping."""

    def __init__(
        self,
        host: str,
        port: int,
        api_key: str | None,
        store: RedisJobStore,
        runner: TurnRunner,
        metrics: WorkerMetrics,
        engine_info: dict[str, Any],
    ) -> None:
        self._store, self._runner, self._metrics = store, runner, metrics
        self._engine_info = engine_info
        self._api_key = api_key
        self._server = ThreadingHTTPServer((host, port), self._handler())
        self._server.daemon_threads = True
        self._stop = threading.Event()

    def start(
        self, sender: TurnSender, retention: RetentionPolicy, purge_interval_s: float, reaper_interval_s: float
    ) -> None:
        threading.Thread(target=self._server.serve_forever, name="worker-status", daemon=True).start()
        args = (sender, retention, purge_interval_s, reaper_interval_s)
        threading.Thread(target=self._heartbeat, name="heartbeat", daemon=True).start()
        threading.Thread(target=self._housekeeping, args=args, name="housekeeping", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()

    def describe(self) -> dict[str, Any]:
        return {"worker": self._runner.worker_id, **self._engine_info, "in_flight": self._runner.current}

    def health(self) -> tuple[int, dict[str, Any]]:
        if not self._store.ping():
            return 503, {"status": "queue store unreachable", **self.describe()}
        counts = self._store.counts()
        queue = {"queued": counts["queued"], "processing": counts["processing"]}
        return 200, {"status": "ok", **self.describe(), "queue": queue, "jobs": counts}

    def _housekeeping(
        self, sender: TurnSender, retention: RetentionPolicy, purge_interval_s: float, reaper_interval_s: float
    ) -> None:
        tick = min(reaper_interval_s, purge_interval_s)
        last_reap = last_purge = 0.0
        while not self._stop.is_set():
            try:
                if time.monotonic() - last_reap >= reaper_interval_s:
                    last_reap = time.monotonic()
                    sender.requeue_dead_runs()
                if time.monotonic() - last_purge >= purge_interval_s:
                    last_purge = time.monotonic()
                    retention.purge(self._store)
                    if sent := sender.top_up():
                        log.warning("sent %d turn(s) for queued jobs that had none", sent)
            except Exception:
                log.warning("worker housekeeping failed; retrying", exc_info=True)
            self._stop.wait(tick)

    def _heartbeat(self) -> None:
        """Say that this worker is alive, and so is the run of the job it holds, RENEWALS_PER_LEASE times per lease;
        a thread of its own, so that slow housekeeping never lets a healthy job's lease expire."""
        lease_s = self._runner.lease_s
        while not self._stop.is_set():
            try:
                self._store.register_worker(self._runner.worker_id, self.describe(), lease_s)
                held = self._runner.held
                if held is not None and not self._store.renew(*held, lease_s):
                    log.warning("job %s is no longer this worker's (cancelled, deleted or requeued)", held[0])
            except Exception:
                log.warning("the worker's heartbeat failed; retrying", exc_info=True)
            self._stop.wait(lease_s / RENEWALS_PER_LEASE)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        status = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/health":
                    code, body = status.health()
                    self._send(code, json.dumps(body).encode(), "application/json")
                elif self.path == "/metrics" and status.authorized(self.headers.get("Authorization")):
                    self._send(200, status._metrics.render(), CONTENT_TYPE_LATEST)
                elif self.path == "/metrics":
                    self._send(401, b'{"detail": "Missing or wrong API key."}', "application/json")
                else:
                    self._send(404, b'{"detail": "Not found."}', "application/json")

            def _send(self, code: int, payload: bytes, media_type: str) -> None:
                self.send_response(code)
                self.send_header("Content-Type", media_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:  # scrapes are not news
                return

        return Handler

    def authorized(self, header: str | None) -> bool:
        """The same Bearer key as the API's, when one is set."""
        if self._api_key is None:
            return True
        scheme, _, token = (header or "").partition(" ")
        return scheme.lower() == "bearer" and secrets.compare_digest(token.strip().encode(), self._api_key.encode())
