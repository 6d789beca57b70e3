"""An OpenAI-compatible chat-completions server over HTTP that records every request it gets."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.fakes.serving import InLoopServer

Responder = Callable[[list[dict[str, Any]]], str]


LABELS = ("\n\nTRANSCRIPT:\n", "\n\nPART:\n", "\n\nPARTS:\n")  # where the bot's prompts put the text


def prompt_body(messages: list[dict[str, Any]]) -> str:
    """The text the last user message hands over (transcript, part or notes), without the instructions."""
    user = str(messages[-1]["content"])
    return next((user.split(label, 1)[1] for label in LABELS if label in user), user)


def default_responder(messages: list[dict[str, Any]]) -> str:
    """A JSON summary that quotes the first line of the text it was given, so tests can trace content."""
    first = next((line for line in prompt_body(messages).splitlines() if line.strip()), "")[:120]
    return json.dumps(
        {
            "overview": f"Summary of: {first}",
            "key_points": ["Budget <approved> & shipped"],
            "decisions": ["Ship on Friday"],
            "action_items": [{"task": "Send the report", "owner": "Alice", "due": "Monday"}],
            "open_questions": ["Who pays for hosting?"],
        }
    )


def merging_responder(messages: list[dict[str, Any]]) -> str:
    """A model that loses nothing: notes on a transcript part name its first line (a key point) and keep every line
    saying "Decision: …"; merging JSON notes keeps every item of every note, in order."""
    body = prompt_body(messages)
    notes = [json.loads(line) for line in body.splitlines() if line.startswith("{")]
    if notes:
        merged: dict[str, Any] = {"overview": " ".join(note["overview"] for note in notes)}
        for key in ("key_points", "decisions"):
            merged[key] = [item for note in notes for item in note[key]]
        return json.dumps(merged)
    lines = [line for line in body.splitlines() if line.strip()]
    return json.dumps(
        {
            "overview": f"From {lines[0][:7]} to {lines[-1][:7]}.",
            "key_points": [lines[0]],
            "decisions": [line.split("Decision: ", 1)[1] for line in lines if "Decision: " in line],
        }
    )


@dataclass
class FakeLLM:
    responder: Responder = default_responder
    fail_status: int | None = None  # answer every request with this HTTP status while set
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    answered: list[tuple[str, str]] = field(default_factory=list)  # (last user message, answer) of each success
    server: InLoopServer | None = None

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return f"{self.server.url}/v1"

    def prompts(self) -> list[str]:
        return [m["content"] for r in self.requests for m in r["messages"] if m["role"] == "user"]

    async def _completions(self, request: Request) -> JSONResponse:
        body = await request.json()
        self.requests.append(body)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail_status:
            return JSONResponse({"error": {"message": "boom", "type": "server_error"}}, self.fail_status)
        content = self.responder(body["messages"])
        self.answered.append((body["messages"][-1]["content"], content))
        return JSONResponse(
            {
                "id": f"chatcmpl-{len(self.requests)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", "fake"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }
        )

    async def start(self) -> None:
        app = Starlette(routes=[Route("/v1/chat/completions", self._completions, methods=["POST"])])
        self.server = InLoopServer(app)
        await self.server.start()

    async def stop(self) -> None:
        if self.server:
            await self.server.stop()
