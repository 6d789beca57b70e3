"""Server-sent events as bytes on the wire (https://html.spec.whatwg.org/multipage/server-sent-events.html)."""

from __future__ import annotations

import json
from typing import Any

MEDIA_TYPE = "text/event-stream"
# Caches and buffering proxies must pass each event on as it comes.
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
KEEPALIVE = b": keep-alive\n\n"


def message(data: dict[str, Any], event: str | None = None, event_id: str | None = None) -> bytes:
    """One event: optional ``id:`` and ``event:`` lines, then its JSON (one line) as ``data:``."""
    lines = [f"id: {event_id}"] if event_id else []
    if event:
        lines.append(f"event: {event}")
    lines.append("data: " + json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    return ("\n".join(lines) + "\n\n").encode()
