"""Hostile requests to the Mini App's server: each is refused with its 4xx and a readable message in the user's
language, never a 500, and nothing about it is logged with a traceback."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from tests.bot.conversation_support import StoredCall, dead_api, seed
from tests.bot.harness import running_bot
from tests.bot.miniapp_support import keep_audio, local_base, miniapp_settings
from tests.fakes.bot_api import BotApiEmulator
from tests.fakes.telegram_webapp import init_data

LINES = [("SPEAKER_00", "The budget for the release is forty thousand dollars.")]


def _with_field(init: str, key: str, value: str) -> str:
    """``init`` with one field's value replaced by ``value`` (already encoded for a query string)."""
    return "&".join(f"{key}={value}" if pair.startswith(f"{key}=") else pair for pair in init.split("&"))


async def _get(base: str, path: str, authorization: bytes | None = None) -> httpx.Response:
    headers = {"Authorization": authorization} if authorization is not None else {}
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        return await http.get(path, headers=headers)


async def test_malformed_signatures_and_nested_users_are_refused_not_crashed(
    tmp_path: Path, emulator: BotApiEmulator, recordings: dict[str, Path], caplog: pytest.LogCaptureFixture
) -> None:
    owner = 901
    settings = miniapp_settings(tmp_path, emulator, dead_api())
    (call_id,) = await seed(settings.database_path, owner, [StoredCall("Budget", LINES)], language_code="ru")
    await keep_audio(settings, owner, call_id, recordings["wav"])
    good = init_data(emulator.token, owner, language="ru")
    nested = "[" * 5000  # raw brackets: deep enough for the JSON parser's recursion limit, short enough to pass
    unauthorized = {
        "non-ASCII hash": _with_field(good, "hash", quote("ф" * 64)),
        "hash of the wrong length": _with_field(good, "hash", "ab" * 16),
        "nested user": _with_field(good, "user", nested),
        "nested user, ru hint": _with_field(good, "user", '{"language_code":"ru","x":' + nested),
        "auth_date of other digits": _with_field(good, "auth_date", quote("١٧٠٠٠٠٠٠٠٠")),
        "auth_date of 4000 digits": _with_field(good, "auth_date", "9" * 4000),
    }
    caplog.set_level(logging.DEBUG)
    base = local_base(settings)
    async with running_bot(settings):
        page = (await _get(base, f"api/calls/{call_id}", f"tma {good}".encode())).json()
        for name, init in unauthorized.items():
            answer = await _get(base, f"api/calls/{call_id}", f"tma {init}".encode())
            assert (answer.status_code, answer.json()["error"]) == (401, "error_unauthorized"), name
            assert answer.json()["message"], name
        raw = await _get(base, f"api/calls/{call_id}", b"tma hash=" + "ф".encode() * 64)  # raw UTF-8 in the header
        assert raw.status_code == 401 and raw.json()["error"] == "error_unauthorized"
        path, query = page["audio"].split("?")
        fields = dict(pair.split("=") for pair in query.split("&"))
        links = {
            "non-ASCII signature": {**fields, "s": quote("ф" * 64)},
            "signature of the wrong length": {**fields, "s": fields["s"][:10]},
            "user id of other digits": {**fields, "u": quote("٩٠١")},
            "expiry with a sign": {**fields, "e": quote("+" + fields["e"])},
        }
        for name, tampered in links.items():
            answer = await _get(base, f"{path}?" + "&".join(f"{k}={v}" for k, v in tampered.items()))
            assert (answer.status_code, answer.json()["error"]) == (403, "error_link"), name
            assert answer.json()["message"], name
        assert (await _get(base, f"audio/{quote('١')}?{query}")).status_code == 404  # the route takes ASCII ids
        assert (await _get(base, page["audio"])).status_code == 200  # the real link still plays
    traces = [r for r in caplog.records if r.exc_info is not None or r.levelno >= logging.ERROR]
    assert traces == [], [r.getMessage() for r in traces]
