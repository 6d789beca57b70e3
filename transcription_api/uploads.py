"""Streaming multipart uploads straight to disk, never held in memory, with a size limit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from starlette.requests import ClientDisconnect
from streaming_form_data import StreamingFormDataParser
from streaming_form_data.targets import FileTarget, ValueTarget

from transcription_api.errors import InvalidInput, PayloadTooLarge

MULTIPART_SLACK = 64 * 1024  # boundaries and small form fields around the file


@dataclass(slots=True)
class ReceivedUpload:
    path: Path
    filename: str
    size: int
    fields: dict[str, str]

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


async def receive_upload(
    request: Request, directory: Path, max_bytes: int, field_names: tuple[str, ...]
) -> ReceivedUpload:
    """Parse a multipart body chunk by chunk into ``directory``; the file field must be called ``file``."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise InvalidInput("Send the recording as multipart/form-data with the audio in a field named 'file'.")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes + MULTIPART_SLACK:
        raise PayloadTooLarge(_too_large(max_bytes))
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{uuid.uuid4().hex}.upload"
    file_target = FileTarget(str(path))
    values = {name: ValueTarget() for name in field_names}
    try:
        await _stream_into(request, path, file_target, values, max_bytes)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if not path.exists():
        raise InvalidInput("The request has no 'file' field: attach the recording as multipart field 'file'.")
    fields = {name: target.value.decode("utf-8", "replace") for name, target in values.items() if target.value}
    return ReceivedUpload(path, file_target.multipart_filename or "upload", path.stat().st_size, fields)


async def _stream_into(
    request: Request, path: Path, file_target: FileTarget, values: dict[str, ValueTarget], max_bytes: int
) -> None:
    parser = StreamingFormDataParser(headers=dict(request.headers))
    parser.register("file", file_target)
    for name, target in values.items():
        parser.register(name, target)
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > max_bytes + MULTIPART_SLACK:
                raise PayloadTooLarge(_too_large(max_bytes))
            parser.data_received(chunk)
    except (ClientDisconnect, PayloadTooLarge):
        raise
    except Exception as exc:  # streaming_form_data parse errors on malformed bodies
        raise InvalidInput(f"The multipart body could not be parsed: {exc}") from exc
    if path.exists() and path.stat().st_size > max_bytes:
        raise PayloadTooLarge(_too_large(max_bytes))


def _too_large(max_bytes: int) -> str:
    return f"The file is larger than this service accepts ({max_bytes / 1024 / 1024:.0f} MB)."
