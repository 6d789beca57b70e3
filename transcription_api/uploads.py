"""Streaming multipart uploads straight to disk, never held in memory, with a size limit.

The event loop only receives chunks; parsing and writing happen in a worker thread, a batch of about a megabyte at
a time, so a slow disk never stalls other requests.

An upload's file carries an exclusive ``flock`` from its creation until a job row owns it (``claim``) or it is
removed (``close``): the orphan sweep (jobs.retention) removes a file no job refers to as soon as that lock is free,
so it never races an upload still streaming in or being probed, in this process or another one.
"""

from __future__ import annotations

import fcntl
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import anyio
from fastapi import Request
from starlette.requests import ClientDisconnect
from streaming_form_data import StreamingFormDataParser
from streaming_form_data.targets import BaseTarget, ListTarget, ValueTarget
from streaming_form_data.validators import MaxSizeValidator, ValidationError

from transcription_api.errors import InvalidInput, PayloadTooLarge
from transcription_api.jobs.upload_files import remove_upload

MULTIPART_SLACK = 64 * 1024  # boundaries and small form fields around the file
FIELD_MAX_BYTES = 16 * 1024  # a form field other than the file (options, ids) is short
BATCH_BYTES = 1024 * 1024  # chunks handed to the writer thread at once


class UploadLock:
    """The exclusive lock an upload's file carries while a request works on it (see the module)."""

    def __init__(self, path: Path) -> None:
        self._fd: int | None = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


@dataclass(slots=True)
class ReceivedUpload:
    path: Path
    filename: str
    size: int
    fields: dict[str, str]
    lock: UploadLock
    claimed: bool = False
    lists: dict[str, list[str]] = field(default_factory=dict)  # fields sent several times (``name[]``)

    def claim(self) -> None:
        """A job row now refers to the file: it stays when the request ends."""
        self.claimed = True
        self.lock.release()

    def discard(self) -> None:
        remove_upload(self.path)
        self.lock.release()

    def close(self) -> None:
        """The request is over: the file is removed unless a job claimed it (call from a ``finally``)."""
        if not self.claimed:
            self.discard()


class DiskTarget(BaseTarget):
    """The ``file`` part, written to ``path``; the file is opened by the first byte and closed even on abort."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.started = False
        self._handle: BinaryIO | None = None

    def on_start(self) -> None:
        self.close()
        self.started = True
        self._handle = self.path.open("wb")

    def on_data_received(self, chunk: bytes) -> None:
        if self._handle is not None:
            self._handle.write(chunk)

    def on_finish(self) -> None:
        self.close()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


async def receive_upload(
    request: Request,
    directory: Path,
    max_bytes: int,
    field_names: tuple[str, ...],
    large_fields: Mapping[str, int] | None = None,
    list_fields: Mapping[str, int] | None = None,
) -> ReceivedUpload:
    """Parse a multipart body chunk by chunk into ``directory``; the file field must be called ``file``. A form
    field may be at most FIELD_MAX_BYTES long, or the limit ``large_fields`` gives it; a field of ``list_fields``
    may come several times, all of them together at most as long as its limit."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise InvalidInput("Send the recording as multipart/form-data with the audio in a field named 'file'.")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes + MULTIPART_SLACK:
        raise PayloadTooLarge(_too_large(max_bytes))
    await anyio.to_thread.run_sync(lambda: directory.mkdir(parents=True, exist_ok=True))
    target = DiskTarget(directory / f"{uuid.uuid4().hex}.upload")
    lock = UploadLock(target.path)
    limits = {name: (large_fields or {}).get(name, FIELD_MAX_BYTES) for name in field_names}
    values: dict[str, ValueTarget | ListTarget] = {
        name: ValueTarget(validator=MaxSizeValidator(limit)) for name, limit in limits.items()
    }
    repeated = {name: ListTarget(validator=MaxSizeValidator(limit)) for name, limit in (list_fields or {}).items()}
    try:
        await _stream_into(request, target, values | repeated, max_bytes, limits | dict(list_fields or {}))
        size = await anyio.to_thread.run_sync(_stored_size, target, max_bytes)
        fields = {name: _text(name, value.value) for name, value in values.items() if value.value}
        lists = {name: [_text(name, item) for item in value.value] for name, value in repeated.items() if value.value}
    except BaseException:
        target.close()
        target.path.unlink(missing_ok=True)
        lock.release()
        raise
    return ReceivedUpload(target.path, target.multipart_filename or "upload", size, fields, lock, lists=lists)


def _text(name: str, value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"The form field '{name}' is not UTF-8 text.") from None


async def discard_body(request: Request, max_bytes: int) -> None:
    """Read the body and drop it, so a client whose request is answered early sees the answer, not a reset."""
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > max_bytes + MULTIPART_SLACK:
            raise PayloadTooLarge(_too_large(max_bytes))


async def _stream_into(
    request: Request, target: DiskTarget, values: Mapping[str, BaseTarget], max_bytes: int, limits: Mapping[str, int]
) -> None:
    parser = StreamingFormDataParser(headers=dict(request.headers))
    parser.register("file", target)
    for name, value in values.items():
        parser.register(name, value)
    received, pending = 0, 0
    batch: list[bytes] = []
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > max_bytes + MULTIPART_SLACK:
                raise PayloadTooLarge(_too_large(max_bytes))
            batch.append(chunk)
            pending += len(chunk)
            if pending >= BATCH_BYTES:
                await anyio.to_thread.run_sync(_feed, parser, batch)
                batch, pending = [], 0
        await anyio.to_thread.run_sync(_feed, parser, batch)
    except (ClientDisconnect, PayloadTooLarge):
        raise
    except ValidationError as exc:
        larger = "".join(f", {name}: {size // 2**20} MB" for name, size in limits.items() if size > FIELD_MAX_BYTES)
        raise InvalidInput(
            f"A form field is longer than {FIELD_MAX_BYTES // 1024} KB{f' ({larger[2:]})' if larger else ''}; only the"
            " file may be large."
        ) from exc
    except Exception as exc:  # streaming_form_data parse errors on malformed bodies, oversized fields
        raise InvalidInput(f"The multipart body could not be parsed: {exc}") from exc


def _feed(parser: StreamingFormDataParser, chunks: list[bytes]) -> None:
    for chunk in chunks:
        parser.data_received(chunk)


def _stored_size(target: DiskTarget, max_bytes: int) -> int:
    if not target.started:
        raise InvalidInput("The request has no 'file' field: attach the recording as multipart field 'file'.")
    size = target.path.stat().st_size
    if size > max_bytes:
        raise PayloadTooLarge(_too_large(max_bytes))
    return size


def _too_large(max_bytes: int) -> str:
    return f"The file is larger than this service accepts ({max_bytes / 1024 / 1024:.0f} MB)."
