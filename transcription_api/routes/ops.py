"""Operations: /health for orchestration (no key needed) and /metrics for Prometheus."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from transcription_api.auth import require_api_key
from transcription_api.runtime import ApiRuntime, get_runtime

router = APIRouter(tags=["ops"])


@router.get("/health")
async def health(runtime: ApiRuntime = Depends(get_runtime)) -> JSONResponse:
    """Device, model and queue lengths (distributed: the live workers); 503 when the worker thread is gone, or
    the distributed mode's queue cannot be reached."""
    counts = await run_in_threadpool(runtime.store.counts)
    alive = await run_in_threadpool(lambda: runtime.worker.alive)
    body: dict[str, Any] = {
        "status": "ok" if alive else "worker stopped",
        **runtime.engine_info,
        "queue": {"queued": counts["queued"], "processing": counts["processing"]},
        "jobs": counts,
        **(await run_in_threadpool(runtime.worker.report)),
        "uptime_s": round(time.time() - runtime.started_at, 1),
    }
    return JSONResponse(body, status_code=200 if alive else 503)


@router.get("/metrics", dependencies=[Depends(require_api_key)])
async def metrics(runtime: ApiRuntime = Depends(get_runtime)) -> Response:
    """Prometheus text exposition."""
    payload = await run_in_threadpool(runtime.metrics.render)
    return Response(payload, media_type=CONTENT_TYPE_LATEST)
