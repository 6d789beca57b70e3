"""A minimal forward HTTP proxy (absolute-form requests) that counts what passes through it."""

from __future__ import annotations

import asyncio

import httpx

HOP_BY_HOP = {"proxy-connection", "connection", "keep-alive", "transfer-encoding", "proxy-authorization"}


class CountingProxy:
    def __init__(self) -> None:
        self.seen: list[str] = []
        self._server: asyncio.Server | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server:
            self._server.close()
            await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while request_line := await reader.readline():
                method, url, _ = request_line.decode().split(" ", 2)
                headers: dict[str, str] = {}
                while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, value = line.decode().split(":", 1)
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                self.seen.append(url)
                forward = {k: v for k, v in headers.items() if k not in HOP_BY_HOP | {"host", "content-length"}}
                async with httpx.AsyncClient(trust_env=False) as client:
                    response = await client.request(method, url, headers=forward, content=body)
                head = f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n"
                head += f"content-type: {response.headers.get('content-type', 'application/octet-stream')}\r\n"
                head += f"content-length: {len(response.content)}\r\n\r\n"
                writer.write(head.encode() + response.content)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()
