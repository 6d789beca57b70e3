"""A worker of the distributed mode: ``python -m transcription_api.worker [--port N] [--env-file F] [--log-level L]``.

Loads the engine once, then runs the turns Celery hands it, one job at a time, from the Redis queue named by
TRANSCRIBE_QUEUE_URL; serves /health and /metrics on TRANSCRIBE_WORKER_PORT. Start as many as there are GPUs.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
from collections.abc import Sequence
from typing import get_args

from command_lines.settings_flags import add_settings_flags
from transcription_api.command_line import SETTINGS_EPILOG, settings_from_args
from transcription_api.settings import ApiSettings, LogLevel

PROG = "python -m transcription_api.worker"
FLAG_SETTINGS = ("worker_port", "log_level")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Transcription worker: runs queued jobs from TRANSCRIBE_QUEUE_URL (Redis) with the engine.",
        epilog=SETTINGS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--port",
        dest="worker_port",
        type=int,
        metavar="PORT",
        help="port of /health and /metrics (TRANSCRIBE_WORKER_PORT; default 9100)",
    )
    add_settings_flags(parser, ApiSettings, get_args(LogLevel), "info")
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    settings = settings_from_args(build_parser().parse_args(argv), FLAG_SETTINGS, "transcription_api.worker")
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if settings.queue_url is None:
        raise SystemExit(
            "transcription_api.worker needs TRANSCRIBE_QUEUE_URL (redis://…); without it the service runs its jobs"
            " itself: python -m transcription_api"
        )
    from transcription_api.engine.errors import ModelUnavailable
    from transcription_api.engine.models import choose_model

    try:
        choose_model(settings)
    except ModelUnavailable as exc:
        raise SystemExit(f"transcription_api.worker cannot start: {exc}") from None
    raise SystemExit(run(settings))


def run(settings: ApiSettings) -> int:
    """Wire the worker and run Celery's consumer until it is told to stop; its exit status."""
    from transcription_api.distributed.celery_app import TurnSender, consume, make_celery
    from transcription_api.distributed.redis_store import RedisJobStore
    from transcription_api.distributed.runner import TurnRunner
    from transcription_api.distributed.worker_status import WorkerMetrics, WorkerStatus
    from transcription_api.engine.pipeline import Engine
    from transcription_api.jobs.retention import RetentionPolicy

    worker_id = f"{socket.gethostname()}-{os.getpid()}"
    store = RedisJobStore(settings.queue_address)
    engine = Engine(settings)  # once, before the first turn
    holder: list[TurnRunner] = []
    metrics = WorkerMetrics(store, lambda: holder[0])
    metrics.watch_engine(lambda: engine.asr_audio_seconds)
    runner = TurnRunner(store, engine, metrics, settings.max_attempts, worker_id, settings.worker_lease_s)
    holder.append(runner)
    app = make_celery(settings)
    sender = TurnSender(app, store)

    status = WorkerStatus(
        settings.host, settings.worker_port, settings.api_key, store, runner, metrics, engine.describe()
    )
    retention = RetentionPolicy(settings.retention_hours, settings.unfetched_retention_hours, settings.uploads_dir)
    status.start(sender, retention, settings.purge_interval_s, settings.reaper_interval_s)
    logging.getLogger(__name__).info("worker %s ready: %s", worker_id, engine.describe())
    try:
        return consume(app, runner, sender, settings.log_level)
    finally:
        status.stop()
        store.close()


if __name__ == "__main__":
    main()
