"""The Mini App's web server: an aiohttp application on the bot's own event loop, opened in ``post_init`` and
closed in ``post_shutdown``. It listens on BOT_MINIAPP_HOST:BOT_MINIAPP_PORT (loopback by default) behind the
operator's HTTPS reverse proxy, which Telegram reaches at BOT_MINIAPP_URL."""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.miniapp.errors import MiniAppError
from bot.miniapp.init_data import unverified_language
from bot.miniapp.routes import STATE, MiniAppState, add_routes
from bot.texts.page import page_texts_for

log = logging.getLogger(__name__)
SECURITY_HEADERS = {
    # Only this server's own scripts, styles, data and audio: no CDN, no inline script, nothing framed elsewhere
    # than in Telegram's web client.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'self' https://web.telegram.org"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _language(request: web.Request) -> str | None:
    _, _, init_data = request.headers.get("Authorization", "").partition(" ")
    return unverified_language(init_data.strip()) or request.headers.get("Accept-Language", "")[:2]


@web.middleware
async def errors_as_json(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A refusal becomes ``{"error": ..., "message": ...}`` with its status, in the user's language; never a trace."""
    try:
        return await handler(request)
    except MiniAppError as exc:
        log.info("mini app %s %s refused (%d): %s", request.method, request.path, exc.status, exc)
        message = getattr(page_texts_for(_language(request)), exc.text_key)
        return web.json_response({"error": exc.text_key, "message": message}, status=exc.status)


async def _headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(SECURITY_HEADERS)
    if request.path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"


def build_app(state: MiniAppState) -> web.Application:
    app = web.Application(middlewares=[errors_as_json], client_max_size=64 * 1024)
    app[STATE] = state
    add_routes(app)
    app.on_response_prepare.append(_headers)
    return app


class MiniAppServer:
    def __init__(self, state: MiniAppState, host: str, port: int) -> None:
        self.state, self.host, self.port = state, host, port
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Listen (a port already in use stops the bot's start with the address in the error)."""
        runner = web.AppRunner(build_app(self.state), access_log=None, handle_signals=False)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except OSError as exc:
            await runner.cleanup()
            raise OSError(f"the Mini App cannot listen on {self.host}:{self.port}: {exc.strerror}") from exc
        self._runner = runner
        log.info("Mini App listening on %s:%d", self.host, self.port)

    async def aclose(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self.state.insights.aclose()
