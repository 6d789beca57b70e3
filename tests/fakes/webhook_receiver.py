"""A webhook receiver on 127.0.0.1: a real HTTP server in a thread that records every request it gets and answers
each path from a script (status codes, with a Location header for redirects, or a hold until released)."""

from __future__ import annotations

import ssl
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from tests.support.waiting import wait_for

HOLD = 0  # an answer that keeps the request open until ``release``


@dataclass(frozen=True)
class Answer:
    status: int
    location: str | None = None


@dataclass(frozen=True)
class Received:
    path: str  # with the query
    headers: dict[str, str]  # lower-case names
    body: bytes
    at: float  # when it arrived (time.time())


class WebhookReceiver:
    """``script(path, answers)``: the answers to the next requests on ``path``, in order; then 200."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        """``tls``: serve HTTPS with that context; the names clients ask for by SNI land in ``server_names``."""
        self._lock = threading.Lock()
        self.server_names: list[str | None] = []
        self._scripts: dict[str, list[Answer]] = defaultdict(list)
        self._received: dict[str, list[Received]] = defaultdict(list)
        self._released = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        if tls is not None:
            tls.sni_callback = lambda _socket, name, _context: self.server_names.append(name)
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        scheme = "https" if isinstance(self._server.socket, ssl.SSLSocket) else "http"
        return f"{scheme}://{host}:{self.port}{path}"

    def start(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._released.set()
        self._server.shutdown()
        self._server.server_close()

    def script(self, path: str, *answers: Answer | int) -> None:
        with self._lock:
            self._scripts[path].extend(a if isinstance(a, Answer) else Answer(a) for a in answers)

    def release(self) -> None:
        self._released.set()

    def received(self, path: str) -> list[Received]:
        with self._lock:
            return list(self._received[path])

    def wait_count(self, path: str, count: int, timeout: float = 60.0) -> list[Received]:
        wait_for(lambda: len(self.received(path)) >= count, timeout, f"{count} request(s) on {path}")
        return self.received(path)

    def _answer(self, path: str, request: Received) -> Answer:
        with self._lock:
            self._received[path].append(request)
            script = self._scripts[path]
            return script.pop(0) if script else Answer(200)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # the name http.server calls
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                headers = {name.lower(): value for name, value in self.headers.items()}
                path = urlsplit(self.path).path
                answer = receiver._answer(path, Received(self.path, headers, body, time.time()))
                if answer.status == HOLD:
                    receiver._released.wait(120)
                    answer = Answer(200)
                try:
                    self.send_response(answer.status)
                    if answer.location:
                        self.send_header("Location", answer.location)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:
                    pass  # the sender hung up (a held request cut short by its shutdown)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler
