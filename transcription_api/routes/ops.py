"""Operations: /health for orchestration (no key needed) and /metrics for Prometheus."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from transcription_api.auth import require_api_key
from transcription_api.services import Services, get_services

router = APIRouter(tags=["ops"])


@router.get("/health")
async def health(services: Services = Depends(get_services)) -> JSONResponse:
    """Device, model and queue lengths (distributed: the live workers); 503 when the worker thread is gone, or
    the distributed mode's queue cannot be reached."""
    counts = await run_in_threadpool(services.store.counts)
    alive = await run_in_threadpool(lambda: services.worker.alive)
    body: dict[str, Any] = {
        "status": "ok" if alive else "worker stopped",
        **services.engine_info,
        "queue": {"queued": counts["queued"], "processing": counts["processing"]},
        "jobs": counts,
        **(await run_in_threadpool(services.worker.report)),
        "uptime_s": round(time.time() - services.started_at, 1),
    }
    return JSONResponse(body, status_code=200 if alive else 503)


@router.get("/metrics", dependencies=[Depends(require_api_key)])
async def metrics(services: Services = Depends(get_services)) -> Response:
    """Prometheus text exposition."""
    payload = await run_in_threadpool(services.metrics.render)
    return Response(payload, media_type=CONTENT_TYPE_LATEST)
