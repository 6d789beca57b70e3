"""The upload body the bot streams to the transcription service: a well-formed multipart form with an exact
length, read from disk chunk by chunk, whose file name cannot break out of its header."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.transcription.upload_body import CHUNK_BYTES, UploadBody
from tests.fakes.serving import InLoopServer

HOSTILE_NAME = 'call"; name="task_id"\r\nContent-Type: text/plain\r\n\r\nstolen\r\n--x\r\n.ogg'


async def receive(request: Request) -> JSONResponse:
    raw = await request.body()
    form = await request.form()
    parts: dict[str, Any] = {}
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            parts[key] = {
                "filename": value.filename,
                "type": value.content_type,
                "sha": hashlib.sha256(await value.read()).hexdigest(),
            }
        else:
            parts.setdefault(key, []).append(value)
    return JSONResponse({"length": int(request.headers["content-length"]), "received": len(raw), "parts": parts})


async def test_the_body_is_a_multipart_form_that_any_server_reads_back(tmp_path: Path) -> None:
    recording = tmp_path / "rec.ogg"
    recording.write_bytes(os.urandom(3 * CHUNK_BYTES + 123))  # several chunks and a partial one
    server = InLoopServer(Starlette(routes=[Route("/up", receive, methods=["POST"])]))
    await server.start()
    body = await UploadBody.open(recording, "file", HOSTILE_NAME, "audio/ogg", {"task_id": "a" * 32, "user_tag": "t"})
    try:
        async with httpx.AsyncClient(trust_env=False) as client:
            answer = (await client.post(f"{server.url}/up", content=body.chunks(), headers=body.headers)).json()
    finally:
        await body.aclose()
        await server.stop()
    assert answer["length"] == answer["received"] > recording.stat().st_size
    parts = answer["parts"]
    assert parts["task_id"] == ["a" * 32] and parts["user_tag"] == ["t"]  # the name injected nothing
    assert parts["file"]["sha"] == hashlib.sha256(recording.read_bytes()).hexdigest()
    assert parts["file"]["type"] == "audio/ogg"
    name = parts["file"]["filename"]
    assert name.endswith(".ogg") and not any(c in name for c in '"\r\n;')
