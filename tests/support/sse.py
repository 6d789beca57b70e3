"""Read server-sent events in tests, the way a browser's EventSource does (id, event and data fields)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True)
class Event:
    id: str | None
    kind: str | None
    data: dict[str, Any]


def read_events(response: httpx.Response) -> Iterator[Event]:
    """The events of a streamed response as they arrive (comments, such as keep-alives, are skipped)."""
    fields: dict[str, str] = {}
    for line in response.iter_lines():
        if line.startswith(":"):
            continue
        if line == "":
            if "data" in fields:
                yield Event(fields.get("id"), fields.get("event"), json.loads(fields["data"]))
            fields = {}
            continue
        name, _, value = line.partition(":")
        fields[name] = value[1:] if value.startswith(" ") else value
