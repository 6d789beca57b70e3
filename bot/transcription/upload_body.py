"""A multipart/form-data upload body streamed from a file: read in a worker thread, one chunk at a time.

The event loop never touches the disk (a 2 GB recording would stall every chat while it is read), memory stays at
one chunk, and the exact Content-Length is known up front from the file's size.
"""

from __future__ import annotations

import asyncio
import os
import re
import uuid
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import BinaryIO

from bot.shared.errors import MediaError

CHUNK_BYTES = 1024 * 1024
_UNSAFE_NAME = re.compile(r"[^\w .-]+")


def safe_filename(name: str) -> str:
    """A file name that cannot break out of its multipart header (quotes, line breaks, control characters)."""
    cleaned = _UNSAFE_NAME.sub("_", name).strip(" .")[-100:]
    return cleaned or "audio"


class UploadBody:
    """Open with :meth:`open`, pass :meth:`chunks` and :attr:`headers` to the HTTP client, then :meth:`aclose`."""

    def __init__(self, handle: BinaryIO, size: int, head: bytes, boundary: str) -> None:
        self._handle, self._size, self._head, self._boundary = handle, size, head, boundary
        self._tail = f"\r\n--{boundary}--\r\n".encode()

    @classmethod
    async def open(
        cls, path: Path, field: str, filename: str, content_type: str, fields: Mapping[str, str]
    ) -> UploadBody:
        handle = await asyncio.to_thread(path.open, "rb")
        try:
            size = (await asyncio.to_thread(os.fstat, handle.fileno())).st_size
        except BaseException:
            await asyncio.to_thread(handle.close)
            raise
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{safe_filename(filename)}"'
            f"\r\nContent-Type: {content_type}\r\n\r\n"
        )
        return cls(handle, size, "".join(parts).encode(), boundary)

    @property
    def headers(self) -> dict[str, str]:
        length = len(self._head) + self._size + len(self._tail)
        return {"Content-Type": f"multipart/form-data; boundary={self._boundary}", "Content-Length": str(length)}

    async def chunks(self) -> AsyncIterator[bytes]:
        """The body: fields, then the file read in a thread ``CHUNK_BYTES`` at a time, then the closing line."""
        yield self._head
        left = self._size
        while left > 0:
            chunk = await asyncio.to_thread(self._handle.read, min(CHUNK_BYTES, left))
            if not chunk:
                raise MediaError("the recording became shorter while it was being uploaded")
            left -= len(chunk)
            yield chunk
        yield self._tail

    async def aclose(self) -> None:
        await asyncio.to_thread(self._handle.close)
