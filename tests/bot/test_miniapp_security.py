"""Who may see what in the Mini App: every API request needs initData signed with the bot token and fresh, a
user reaches only their own calls, the allow-list applies, audio only through short-lived signed links."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.miniapp.audio_links import AudioLinks
from bot.miniapp.errors import LinkRefused, Unauthorized
from bot.miniapp.init_data import validate_init_data
from tests.bot.conversation_support import StoredCall, dead_api, seed
from tests.bot.harness import running_bot
from tests.bot.miniapp_support import get, keep_audio, local_base, miniapp_settings
from tests.fakes.bot_api import BotApiEmulator
from tests.fakes.telegram_webapp import init_data

TOKEN = "123456:TEST-TOKEN"
PLANNING_LINES = [
    ("SPEAKER_00", "Welcome everyone, today we plan the release and the budget."),
    ("SPEAKER_01", "The budget for the release is forty thousand dollars."),
    ("SPEAKER_00", "Good. The release ships on Friday after the final testing."),
]


def test_init_data_checks_follow_telegrams_rules() -> None:
    now = time.time()
    user = validate_init_data(init_data(TOKEN, 42, language="ru"), TOKEN, 3600, now=now)
    assert (user.id, user.language_code, user.first_name) == (42, "ru", "Tester")
    forged = [
        init_data("654321:OTHER-TOKEN", 42),  # signed by someone else
        init_data(TOKEN, 42).replace("%22id%22%3A42", "%22id%22%3A43"),  # the user swapped after signing
        init_data(TOKEN, 42, auth_date=now - 3601),  # stale
        init_data(TOKEN, 42, auth_date=now + 3600),  # from the future
        init_data(TOKEN, 42) + "&auth_date=1",  # a repeated field
        "",
        "hash=00",
        "not a query string",
    ]
    for raw in forged:
        with pytest.raises(Unauthorized):
            validate_init_data(raw, TOKEN, 3600, now=now)


def test_audio_links_are_signed_per_user_and_call_and_expire() -> None:
    links = AudioLinks(ttl_s=600, key=b"k" * 32)
    query = dict(pair.split("=") for pair in links.link(7, 3, now=1000.0).split("?")[1].split("&"))
    assert links.user_of(3, query, now=1599.0) == 7
    refused = [(3, query, 1601.0), (4, query, 1000.0), (3, {**query, "u": "8"}, 1000.0), (3, {}, 1000.0)]
    for call_id, tampered, now in refused:
        with pytest.raises(LinkRefused):
            links.user_of(call_id, tampered, now=now)
    with pytest.raises(LinkRefused):
        AudioLinks(key=b"x" * 32).user_of(3, query, now=1000.0)  # a restarted bot's key: every old link dies


async def test_the_api_answers_only_a_fresh_signed_user_and_only_about_their_calls(
    tmp_path: Path, emulator: BotApiEmulator, recordings: dict[str, Path]
) -> None:
    owner, other, stranger = 801, 802, 803
    settings = miniapp_settings(tmp_path, emulator, dead_api(), allowed_user_ids=frozenset({owner, other}))
    mine, silent = await seed(
        settings.database_path, owner, [StoredCall("Planning", PLANNING_LINES), StoredCall("No audio", PLANNING_LINES)]
    )
    (theirs,) = await seed(settings.database_path, other, [StoredCall("Theirs", PLANNING_LINES)], language_code="ru")
    kept = await keep_audio(settings, owner, mine, recordings["wav"])
    base, token, now = local_base(settings), emulator.token, time.time()
    async with running_bot(settings):
        page = await get(base, f"api/calls/{mine}", init_data(token, owner))
        assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
        body = page.json()
        assert [s["text"] for s in body["segments"]] == [text for _, text in PLANNING_LINES]
        for bad in (
            init_data("654321:OTHER-TOKEN", owner),
            init_data(token, owner, auth_date=now - 7200),
            None,
            init_data(token, owner).replace("%22id%22%3A801", "%22id%22%3A802"),
        ):
            refused = await get(base, f"api/calls/{mine}", bad)
            assert refused.status_code == 401 and refused.json()["error"] == "error_unauthorized", bad
            assert "Planning" not in refused.text
        bearer = await get(base, f"api/calls/{mine}", Authorization=f"Bearer {init_data(token, owner)}")
        assert bearer.status_code == 401  # only the Mini App's scheme
        assert (await get(base, f"api/calls/{theirs}", init_data(token, owner))).status_code == 404
        assert (await get(base, "api/calls/999999", init_data(token, owner))).status_code == 404
        russian = (await get(base, f"api/calls/{theirs}", init_data(token, other))).json()  # the user's language
        assert russian["lang"] == "ru" and russian["texts"]["tab_transcript"] == "Расшифровка"
        off_list = await get(base, f"api/calls/{mine}", init_data(token, stranger, language="ru"))
        assert off_list.status_code == 403 and off_list.json()["message"] == "Извините, это закрытый бот."
        await _audio_only_through_its_link(base, body["audio"], mine, kept)
        assert (await get(base, f"api/calls/{silent}", init_data(token, owner))).json()["audio"] is None
        fresh = await get(base, f"api/calls/{mine}/audio-link", init_data(token, owner))
        assert fresh.json()["audio"].startswith(f"audio/{mine}?")
        shell = await get(base, "")
        assert shell.status_code == 200 and "Planning" not in shell.text  # the page holds no data of its own
        assert "default-src 'self'" in shell.headers["Content-Security-Policy"]


async def _audio_only_through_its_link(base: str, link: str, call_id: int, kept: Path) -> None:
    """The signed link streams the copy, by ranges; without it, altered, or for another call: refused."""
    data = kept.read_bytes()
    assert data[:4] == b"\x1a\x45\xdf\xa3"  # WebM (EBML) with the Opus track
    part = await get(base, link, Range="bytes=100-1099")
    assert part.status_code == 206 and part.content == data[100:1100]
    assert part.headers["Content-Range"] == f"bytes 100-1099/{len(data)}"
    assert part.headers["Content-Type"] == "audio/webm"
    whole = await get(base, link)
    assert whole.status_code == 200 and whole.content == data and whole.headers["Accept-Ranges"] == "bytes"
    path, query = link.split("?")
    for bad in (path, f"{path}?{query.replace('s=', 's=0')}", f"audio/{call_id + 1}?{query}"):
        assert (await get(base, bad)).status_code == 403, bad
