"""An OpenAI-compatible server over HTTP (chat completions and embeddings) that records every request it gets."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.fakes.serving import InLoopServer

Responder = Callable[[list[dict[str, Any]]], str]
Embed = Callable[[Sequence[str]], list[list[float]]]

LABELS = ("\n\nTRANSCRIPT:\n", "\n\nPART:\n", "\n\nPARTS:\n")  # where the bot's prompts put the text
FENCE = re.compile(r"^<transcript>\n|\n</transcript>$")
STAMP = re.compile(r"^\[(\d{1,4}:\d{2})[\] ]")
SECTIONS = re.compile(r'"sections": (\{[^{}]*\})')


def prompt_body(messages: list[dict[str, Any]]) -> str:
    """The text the last user message hands over (transcript, part or notes), without instructions or fence."""
    user = str(messages[-1]["content"])
    body = next((user.split(label, 1)[1] for label in LABELS if label in user), user)
    return FENCE.sub("", body)


def first_stamp(messages: list[dict[str, Any]]) -> str:
    """``[mm:ss]`` of the first transcript line the request carries (summaries cite it), else empty."""
    for line in prompt_body(messages).splitlines():
        if match := STAMP.match(line):
            return f" [{match.group(1)}]"
    stamps = re.findall(r"\[(\d{1,4}:\d{2})\]", prompt_body(messages))  # notes being merged
    return f" [{stamps[0]}]" if stamps else ""


def requested_sections(messages: list[dict[str, Any]]) -> list[str]:
    """The template sections the system prompt asks for."""
    found = SECTIONS.search(str(messages[0]["content"]))
    return list(json.loads(found.group(1))) if found else []


FOLLOW_UP = re.compile(
    r"^(?:and|but|also|what about|а|и|но|ещё)\b|\b(?:it|that|this|he|she|they|him|her|them|"
    r"его|её|ее|это|этот|эта|он|она|они|их)\b",
    re.IGNORECASE,
)


def rewrite_responder(messages: list[dict[str, Any]]) -> str:
    """A follow-up made standalone as a model would: a question that leans on the conversation ("and by when?",
    "who owns it?") gets the previous question added; one that stands alone comes back unchanged."""
    user = str(messages[-1]["content"])
    latest = user.rsplit("Latest question: ", 1)[-1].strip()
    earlier = [line[len("User: ") :] for line in user.splitlines() if line.startswith("User: ")]
    return f"{latest} ({earlier[-1]})" if earlier and FOLLOW_UP.search(latest) else latest


def is_rewrite(messages: list[dict[str, Any]]) -> bool:
    return str(messages[0]["content"]).startswith("You turn the user's latest question")


def default_responder(messages: list[dict[str, Any]]) -> str:
    """A JSON summary that quotes the first line of the text it was given (so tests can trace content) and cites
    that line's [mm:ss], with one item per template section asked for; follow-ups are rewritten."""
    if is_rewrite(messages):
        return rewrite_responder(messages)
    first = next((line for line in prompt_body(messages).splitlines() if line.strip()), "")[:120]
    cite = first_stamp(messages)
    return json.dumps(
        {
            "overview": f"Summary of: {first}",
            "key_points": [f"Budget <approved> & shipped{cite}"],
            "decisions": [f"Ship on Friday{cite}"],
            "action_items": [{"task": f"Send the report{cite}", "owner": "Alice", "due": "Monday"}],
            "open_questions": [f"Who pays for hosting?{cite}"],
            "sections": {key: [f"About {key.replace('_', ' ')}{cite}"] for key in requested_sections(messages)},
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
            "decisions": [f"{line.split('Decision: ', 1)[1]} {line[:7]}" for line in lines if "Decision: " in line],
        }
    )


@dataclass
class FakeLLM:
    responder: Responder = default_responder
    embed: Embed | None = None  # serves /v1/embeddings when set (404 otherwise, as a chat-only server)
    fail_status: int | None = None  # answer every request with this HTTP status while set
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    answered: list[tuple[str, str]] = field(default_factory=list)  # (last user message, answer) of each success
    embedded: list[list[str]] = field(default_factory=list)  # the inputs of each embeddings request
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

    async def _embeddings(self, request: Request) -> JSONResponse:
        body = await request.json()
        inputs = [body["input"]] if isinstance(body["input"], str) else list(body["input"])
        self.embedded.append(inputs)
        if self.embed is None:
            return JSONResponse({"error": {"message": "no embeddings here", "type": "not_found"}}, 404)
        if self.fail_status:
            return JSONResponse({"error": {"message": "boom", "type": "server_error"}}, self.fail_status)
        embed = self.embed
        vectors = await asyncio.to_thread(embed, inputs)  # a real model: never in the event loop
        data = [{"object": "embedding", "index": i, "embedding": v} for i, v in enumerate(vectors)]
        return JSONResponse(
            {
                "object": "list",
                "data": data,
                "model": body.get("model", "fake"),
                "usage": {"prompt_tokens": 1, "total_tokens": 1},
            }
        )

    async def start(self) -> None:
        app = Starlette(
            routes=[
                Route("/v1/chat/completions", self._completions, methods=["POST"]),
                Route("/v1/embeddings", self._embeddings, methods=["POST"]),
            ]
        )
        self.server = InLoopServer(app)
        await self.server.start()

    async def stop(self) -> None:
        if self.server:
            await self.server.stop()
