"""The Mini App's HTTP endpoints. Every ``/api`` request is authenticated by its ``initData`` (header
``Authorization: tma <initData>``) and only ever reads the calls of that user; audio is served only through a
signed link, with HTTP range requests (seeking in a long call fetches just the bytes needed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from bot.analytics.insights import CallInsights
from bot.buttons.open_call import call_of_start_param
from bot.buttons.ownership import Members, group_call_for_member
from bot.miniapp.audio_links import AudioLinks
from bot.miniapp.call_page import page_of
from bot.miniapp.errors import NotAllowed, NotFound
from bot.miniapp.init_data import WebAppUser, validate_init_data
from bot.recordings.audio_copies import MIME_TYPE, AudioCopies
from database import Call, Database

STATIC_DIR = Path(__file__).parent / "static"
STATIC_FILES = frozenset({"app.js", "app.css", "bridge.js", "charts.js", "player.js", "analytics.js"})
CALL_ID = r"{call_id:[0-9]{1,15}}"  # ASCII digits: \d would also match other scripts' digits


@dataclass
class MiniAppState:
    db: Database
    bot_token: str
    max_age_s: float
    is_allowed: Callable[[int], bool]  # the allow-list's rule (BotSettings.is_allowed_owner), decided there only
    audio: AudioCopies | None
    insights: CallInsights
    links: AudioLinks
    members: Members | None = None  # who is in a group now: a group's call opens for its members only
    start_key: bytes = b""  # signs the call a group's direct link names (bot.buttons.open_call)


STATE = web.AppKey("miniapp", MiniAppState)


def _state(request: web.Request) -> MiniAppState:
    return request.app[STATE]


def _check_allowed(state: MiniAppState, user_id: int) -> None:
    if not state.is_allowed(user_id):
        raise NotAllowed(f"user {user_id} is not on the allow-list")


def authenticated(request: web.Request) -> WebAppUser:
    """The user whose valid, fresh initData came with the request (401 otherwise)."""
    state = _state(request)
    scheme, _, init_data = request.headers.get("Authorization", "").partition(" ")
    return validate_init_data(init_data.strip() if scheme.lower() == "tma" else "", state.bot_token, state.max_age_s)


async def _own_call(request: web.Request) -> Call:
    """The user's own call (403 off the allow-list), or a group's call that the direct link the Mini App was opened
    from names, when the user is in that group now (``bot.buttons.ownership``); 404 otherwise."""
    user, state = authenticated(request), _state(request)
    call_id = int(request.match_info["call_id"])
    if call_of_start_param(state.start_key, user.start_param) == call_id and state.members is not None:
        call = await group_call_for_member(state.db, state.members, user.id, call_id)
        if call is not None:
            _check_allowed(state, call.user_id)
            return call
    _check_allowed(state, user.id)
    call = await state.db.calls.get(user.id, call_id)
    if call is None:
        raise NotFound("no such call of this user")
    return call


async def _audio_url(state: MiniAppState, call: Call) -> str | None:
    if state.audio is None:
        return None
    copy = await state.db.audio.get(call.user_id, call.id)
    if copy is None or state.audio.path_of(copy) is None:
        return None
    return state.links.link(call.user_id, call.id)


async def index(request: web.Request) -> web.StreamResponse:
    """The page itself (no data: everything comes from the API after the initData check)."""
    return web.FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})


async def static(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    if name not in STATIC_FILES:
        raise NotFound(f"no static file {name!r}")
    return web.FileResponse(STATIC_DIR / name, headers={"Cache-Control": "no-cache"})


async def call_json(request: web.Request) -> web.Response:
    """The call's transcript, summary, talk analytics and audio link."""
    call = await _own_call(request)
    state = _state(request)
    return web.json_response(await page_of(state.db, call, await _audio_url(state, call)))


async def insights_json(request: web.Request) -> web.Response:
    """The call's chapters and sentiment (the language model's when configured), labelled with their method."""
    call = await _own_call(request)
    state = _state(request)
    segments = await state.db.transcripts.segments(call.user_id, call.id, with_words=True)
    insights = await state.insights.of(call, segments)
    return web.json_response(insights.as_json())


async def audio_link(request: web.Request) -> web.Response:
    """A fresh audio link for a page open longer than a link lives."""
    call = await _own_call(request)
    return web.json_response({"audio": await _audio_url(_state(request), call)})


async def audio_file(request: web.Request) -> web.StreamResponse:
    """The call's audio copy, for a valid signed link only; ranges are answered with 206."""
    state = _state(request)
    call_id = int(request.match_info["call_id"])
    user_id = state.links.user_of(call_id, request.query)
    _check_allowed(state, user_id)
    copy = await state.db.audio.get(user_id, call_id)
    path = state.audio.path_of(copy) if state.audio is not None and copy is not None else None
    if path is None:
        raise NotFound("no audio is kept for this call")
    return web.FileResponse(path, headers={"Content-Type": MIME_TYPE, "Cache-Control": "private, max-age=600"})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", index)
    app.router.add_get("/static/{name}", static)
    app.router.add_get(f"/api/calls/{CALL_ID}", call_json)
    app.router.add_get(f"/api/calls/{CALL_ID}/insights", insights_json)
    app.router.add_get(f"/api/calls/{CALL_ID}/audio-link", audio_link)
    app.router.add_get(f"/audio/{CALL_ID}", audio_file)
