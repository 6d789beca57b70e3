"""A reverse HTTP proxy in front of the transcription service that can hold an upload at a chosen moment.

Stopping it makes the service unreachable for its clients while the service itself keeps running.
``hold="request"`` keeps an upload from ever reaching the service (the client waits, as on a slow link);
``hold="response"`` lets the service take the upload and create its job, then withholds the answer, so the
client cannot know the job exists. Everything else passes through unchanged (an event stream once it has ended);
every forwarded request is listed, and after each upload the new job's status is asked and kept with the answers.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Literal

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.fakes.serving import InLoopServer

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class GateProxy:
    def __init__(self, target: str) -> None:
        self.target = target.rstrip("/")
        self.hold: Literal["request", "response"] | None = None
        self.forwarded: list[tuple[str, str]] = []  # (method, path) of requests the service received
        self.answers: list[tuple[str, str, bytes]] = []  # (method, path, body) of the service's answers
        self.holding = asyncio.Event()  # an upload is being held now
        self._release = asyncio.Event()
        self._server: InLoopServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return self._server.url

    def job_options(self) -> list[dict[str, Any]]:
        """The options of every job as the service reported them in its status answers (first answer per job)."""
        seen: dict[str, dict[str, Any]] = {}
        for method, path, body in self.answers:
            if method == "GET" and path.startswith("/transcribe/status/"):
                answer = json.loads(body)
                seen.setdefault(answer["task_id"], answer["options"])
        return list(seen.values())

    def uploads(self) -> int:
        """How many uploads reached the service."""
        return sum(1 for method, path in self.forwarded if method == "POST" and path.startswith("/transcribe"))

    async def _note_status(self, client: httpx.AsyncClient, task_id: str, headers: dict[str, str]) -> None:
        path = f"/transcribe/status/{task_id}"
        auth = {k: v for k, v in headers.items() if k.lower() == "authorization"}
        status = await client.get(self.target + path, headers=auth)
        self.answers.append(("GET", path, status.content))

    async def start(self) -> None:
        """Listen (again, on the same port after :meth:`stop`: the service seems to be back)."""
        app = Starlette(routes=[Route("/{path:path}", self._proxy, methods=["GET", "POST", "DELETE"])])
        self._server = InLoopServer(app, self._server.port if self._server else None)
        await self._server.start()

    async def stop(self) -> None:
        """Stop listening: to its clients the service is unreachable."""
        self.open_gate()
        if self._server is not None:
            await self._server.stop()

    def open_gate(self) -> None:
        """Stop holding; a held request is dropped (its client is gone), a held answer is finally sent."""
        self.hold = None
        self._release.set()

    async def _proxy(self, request: Request) -> Response:
        body = await request.body()
        is_upload = request.method == "POST" and request.url.path.startswith("/transcribe")
        if is_upload and self.hold == "request":
            self.holding.set()
            await self._release.wait()
            return Response(b"held upload dropped", status_code=502)
        hold_answer = is_upload and self.hold == "response"
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        self.forwarded.append((request.method, request.url.path))
        async with httpx.AsyncClient(trust_env=False, timeout=120) as client:
            answer = await client.request(
                request.method,
                self.target + request.url.path,
                params=request.query_params,
                headers=headers,
                content=body,
            )
            self.answers.append((request.method, request.url.path, answer.content))
            if is_upload and answer.status_code == 200:  # what the job was given, whether or not the bot polls it
                await self._note_status(client, answer.json()["task_id"], headers)
        if hold_answer:
            self.holding.set()
            await self._release.wait()
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP | {"content-encoding"}}
        return Response(answer.content, status_code=answer.status_code, headers=kept)
