"""The one place the service is wired: settings in, app out; resources open and close in the lifespan."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI

from transcription_api.errors import install_error_handlers, install_unavailable_handler
from transcription_api.jobs.retention import RetentionPolicy, remove_orphan_uploads
from transcription_api.jobs.store import JobStore
from transcription_api.jobs.worker import Worker
from transcription_api.metrics import ServiceMetrics
from transcription_api.routes import job_events, openai_compat, ops, transcribe
from transcription_api.runtime import ApiRuntime
from transcription_api.settings import ApiSettings
from transcription_api.webhooks.book import WebhookBook
from transcription_api.webhooks.deliverer import Deliverer, RetrySchedule
from transcription_api.webhooks.sender import Sender
from transcription_api.webhooks.sqlite_book import SqliteWebhookBook
from transcription_api.webhooks.targets import AllowList

log = logging.getLogger(__name__)


def create_app(settings: ApiSettings, on_fatal: Callable[[str], None]) -> FastAPI:
    """Build the FastAPI app; models load when it starts, not here. ``on_fatal`` is called (from the worker thread)
    when the service can no longer run jobs and must stop."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        start = start_distributed if settings.distributed else start_runtime
        runtime = await anyio.to_thread.run_sync(start, settings, on_fatal)
        app.state.runtime = runtime
        try:
            app.state.webhooks = await anyio.to_thread.run_sync(open_webhooks, settings)
            deliverer = start_deliverer(settings, app.state.webhooks)
            try:
                yield
            finally:
                if deliverer is not None:
                    await deliverer.stop()
                app.state.webhooks.close()
        finally:
            await anyio.to_thread.run_sync(stop_runtime, runtime)

    app = FastAPI(
        title="Transcription API",
        summary="WhisperX transcription with word timestamps and speakers, behind a durable queue.",
        version="0.1.0",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    if settings.distributed:
        from transcription_api.distributed.redis_store import Unreachable

        install_unavailable_handler(app, Unreachable, "The job queue is unreachable; try again shortly.")
    app.include_router(transcribe.router)
    app.include_router(job_events.router)
    app.include_router(openai_compat.router)
    app.include_router(ops.router)
    return app


def start_runtime(settings: ApiSettings, on_fatal: Callable[[str], None]) -> ApiRuntime:
    """Open the store, re-queue interrupted jobs, load the engine once, start the worker."""
    from transcription_api.engine.pipeline import Engine

    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    store = JobStore(settings.database_path)
    requeued = store.requeue_interrupted()
    abandoned = store.delete_origin("openai")  # their callers' connections died with the previous process
    orphans = remove_orphan_uploads(settings.uploads_dir, store.live_upload_paths, min_age_s=0)
    log.info(
        "job store ready: %d interrupted job(s) re-queued, %d abandoned OpenAI-route job(s) dropped,"
        " %d orphan upload(s) removed",
        requeued,
        abandoned,
        orphans,
    )
    try:
        engine = Engine(settings)
    except BaseException:
        store.close()
        raise
    log.info("engine ready: %s", engine.describe())
    metrics = ServiceMetrics(store)
    metrics.watch_engine(lambda: engine.asr_audio_seconds)
    holder: list[ApiRuntime] = []
    worker = Worker(
        store,
        engine,
        metrics,
        lambda: holder[0].purge_expired(),
        settings.purge_interval_s,
        settings.max_attempts,
        on_fatal,
    )
    retention = RetentionPolicy(settings.retention_hours, settings.unfetched_retention_hours, settings.uploads_dir)
    runtime = ApiRuntime(settings, store, worker, metrics, retention, engine.describe(), time.time())
    holder.append(runtime)
    worker.start()
    return runtime


def start_distributed(settings: ApiSettings, on_fatal: Callable[[str], None]) -> ApiRuntime:
    """Distributed mode: no engine and no worker here; jobs go to Redis and turns to Celery for the workers
    (python -m transcription_api.worker). Nothing is re-queued at start: other API processes may be serving."""
    from transcription_api.distributed.celery_app import TurnSender, make_celery
    from transcription_api.distributed.redis_store import RedisJobStore, without_credentials

    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    store = RedisJobStore(settings.queue_address)
    retention = RetentionPolicy(settings.retention_hours, settings.unfetched_retention_hours, settings.uploads_dir)
    info = {"mode": "distributed", "queue_library": "celery on redis"}
    sender = TurnSender(make_celery(settings), store)
    sender.start_reaper(settings.reaper_interval_s)
    log.info("distributed mode: jobs go to the queue at %s", without_credentials(settings.queue_address))
    return ApiRuntime(settings, store, sender, ServiceMetrics(store), retention, info, time.time())


def open_webhooks(settings: ApiSettings) -> WebhookBook:
    """Where webhooks are kept: the job database's table (opened after the job store migrated it), or Redis."""
    if settings.distributed:
        from transcription_api.distributed.redis_webhooks import RedisWebhookBook

        return RedisWebhookBook(settings.queue_address, keep_s=settings.unfetched_retention_hours * 3600)
    return SqliteWebhookBook(settings.database_path)


def start_deliverer(settings: ApiSettings, book: WebhookBook) -> Deliverer | None:
    """The background task that sends webhooks; none while no signing secret is set (webhooks are off)."""
    if settings.webhook_secret is None:
        return None
    allow = AllowList.parse(settings.webhook_allowed_hosts)
    sender = Sender(settings.webhook_secret.get_secret_value(), allow, settings.webhook_timeout_s)
    deliverer = Deliverer(book, sender, RetrySchedule.from_settings(settings), settings.webhook_poll_interval_s)
    deliverer.start()
    return deliverer


def stop_runtime(runtime: ApiRuntime) -> None:
    runtime.worker.stop()  # the worker thread, or the distributed mode's reaper
    runtime.store.close()
