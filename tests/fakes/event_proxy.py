"""A reverse HTTP proxy in front of the transcription service that passes event streams on as they come.

It lists every request (method, path, ``Last-Event-ID``), and every event it passed on; it can cut the first event
stream after a number of events (the connection breaks mid-body, as on a dropped link), and it can play an older
service that has no events route (405 there, everything else passed on).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from tests.fakes.serving import InLoopServer

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class LinkCut(Exception):
    """Raised inside a streamed body: the server aborts the connection (the client sees it break)."""


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    last_event_id: str | None


@dataclass(frozen=True)
class Relayed:
    id: str | None
    kind: str | None
    block: str  # the event as it was on the wire


class EventProxy:
    def __init__(self, target: str, events_route: bool = True, cut_after: int | None = None) -> None:
        self.target = target.rstrip("/")
        self.events_route = events_route  # False: an older service (405 on GET /transcribe/{id}/events)
        self.cut_after = cut_after  # the first event stream breaks after this many events
        self.requests: list[Seen] = []
        self.relayed: list[Relayed] = []
        self.on_event: Callable[[Relayed], None] | None = None  # called as each event is passed on
        self._server: InLoopServer | None = None
        self._streams = 0

    @property
    def url(self) -> str:
        assert self._server is not None
        return self._server.url

    def count(self, method: str, prefix: str, suffix: str = "") -> int:
        return sum(
            1 for r in self.requests if r.method == method and r.path.startswith(prefix) and r.path.endswith(suffix)
        )

    async def start(self) -> None:
        app = Starlette(routes=[Route("/{path:path}", self._proxy, methods=["GET", "POST", "DELETE"])])
        self._server = InLoopServer(app)
        await self._server.start()

    async def stop(self) -> None:
        if self._server is not None:
            await self._server.stop()

    async def _proxy(self, request: Request) -> Response:
        path = request.url.path
        self.requests.append(Seen(request.method, path, request.headers.get("last-event-id")))
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        is_events = request.method == "GET" and path.endswith("/events")
        if is_events and not self.events_route:
            return Response(b'{"detail":"Method Not Allowed"}', status_code=405, media_type="application/json")
        client = httpx.AsyncClient(trust_env=False, timeout=httpx.Timeout(120, read=None))
        upstream = await client.send(
            client.build_request(
                request.method,
                self.target + path,
                params=request.query_params,
                headers=headers,
                content=await request.body(),
            ),
            stream=True,
        )
        if not is_events or upstream.status_code != 200:
            body = await upstream.aread()
            await upstream.aclose()
            await client.aclose()
            kept = {k: v for k, v in upstream.headers.items() if k.lower() not in HOP_BY_HOP | {"content-encoding"}}
            return Response(body, status_code=upstream.status_code, headers=kept)
        self._streams += 1
        cut = self.cut_after if self._streams == 1 else None
        return StreamingResponse(self._relay(client, upstream, cut), media_type="text/event-stream")

    async def _relay(
        self, client: httpx.AsyncClient, upstream: httpx.Response, cut: int | None
    ) -> AsyncIterator[bytes]:
        passed, block = 0, []
        try:
            async for line in upstream.aiter_lines():
                if line:
                    block.append(line)
                    continue
                text, block = "\n".join(block), []
                if cut is not None and passed >= cut:
                    raise LinkCut(f"cut after {passed} events")
                if not text.startswith(":"):
                    passed += 1
                    self._note(text)
                yield (text + "\n\n").encode()
        finally:
            await upstream.aclose()
            await client.aclose()

    def _note(self, text: str) -> None:
        fields = dict(line.partition(": ")[::2] for line in text.splitlines())
        relayed = Relayed(fields.get("id"), fields.get("event"), text)
        self.relayed.append(relayed)
        if self.on_event is not None:
            self.on_event(relayed)
