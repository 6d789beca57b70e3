"""Chapters and sentiment from the language model (asked once per call, kept, offline when it fails), and /stats
in chat with the button that opens the call."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bot.buttons.codec import encode
from bot.calls.buttons import PickCall
from bot.summaries.buttons import ShowSummary
from bot.texts import EN
from database import Database
from tests.bot.conversation_support import StoredCall, dead_api, seed
from tests.bot.harness import running_bot
from tests.bot.miniapp_support import APP_URL, get, local_base, miniapp_settings
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.fakes.llm_server import FakeLLM, default_responder
from tests.fakes.telegram_webapp import init_data

REVIEW = StoredCall(
    "Review",
    [
        ("SPEAKER_00", "Thanks for coming, the budget looks great this quarter."),
        ("SPEAKER_01", "I am worried about the hosting costs though."),
        ("SPEAKER_00", "Fair point, let us cut the hosting plan."),
        ("SPEAKER_01", "Next, the release date: is Friday realistic?"),
        ("SPEAKER_00", "Friday works, the tests are done."),
        ("SPEAKER_01", "Great, then Friday it is."),
    ],
)
LINE = re.compile(r"^\[(\d{1,4}:\d{2})\] (S\d+):", re.MULTILINE)


def chapters_responder(messages: list[dict[str, Any]]) -> str:
    """Two chapters, the second at the fourth line, with sentiment for known, unknown and malformed speakers."""
    if "chapters of a recorded call" not in messages[0]["content"]:
        return default_responder(messages)
    stamps = [stamp for stamp, _ in LINE.findall(messages[-1]["content"])]
    return "Here you go:\n" + json.dumps(
        {
            "chapters": [
                {"start": stamps[0], "title": "Budget and hosting", "sentiment": {"S1": 0.6, "S2": -0.4}},
                {"start": stamps[3], "title": "Release date", "sentiment": {"S1": 2, "S2": "happy", "S7": 1}},
            ]
        }
    )


async def test_chapters_and_sentiment_come_from_the_model_once_and_offline_when_it_fails(
    tmp_path: Path, emulator: BotApiEmulator, fake_llm: FakeLLM
) -> None:
    user = TgUser(811)
    fake_llm.responder = chapters_responder
    settings = miniapp_settings(tmp_path, emulator, dead_api(), llm_base_url=fake_llm.base_url)
    first, second = await seed(settings.database_path, user.id, [REVIEW, REVIEW])
    base, init = local_base(settings), init_data(emulator.token, user.id)
    async with running_bot(settings):
        found = (await get(base, f"api/calls/{first}/insights", init)).json()
        again = (await get(base, f"api/calls/{first}/insights", init)).json()
        asked = len(fake_llm.requests)
        fake_llm.fail_status = 500
        fallback = (await get(base, f"api/calls/{second}/insights", init)).json()
    assert found == again and asked == 1  # kept: the model is asked once a call
    assert (found["method"], found["model"], found["failure"]) == ("model", "gpt-4o-mini", None)
    assert [(c["start"], c["end"], c["title"]) for c in found["chapters"]] == [
        (0.0, 18.0, "Budget and hosting"),
        (18.0, 35.5, "Release date"),
    ]
    assert [(p["speaker"], p["start"], p["score"]) for p in found["sentiment"]] == [
        ("SPEAKER_00", 0.0, 0.6),
        ("SPEAKER_01", 0.0, -0.4),
        ("SPEAKER_00", 18.0, 1.0),
    ]  # clamped; junk dropped
    prompt = fake_llm.requests[0]["messages"][-1]["content"]
    assert prompt.startswith("<transcript>\n[00:00] S1: Thanks for coming") and "SPEAKER_0" not in prompt
    assert fallback["method"] == "offline" and fallback["failure"] == "the language model answered HTTP 500"
    assert fallback["chapters"] and fallback["sentiment"]
    db = await Database.open(settings.database_path)
    try:
        assert (await db.insights.get(user.id, first)) is not None and (await db.insights.get(user.id, second)) is None
    finally:
        await db.aclose()


async def test_stats_in_chat_give_the_key_numbers_and_open_the_call(tmp_path: Path, emulator: BotApiEmulator) -> None:
    user = TgUser(812)
    settings = miniapp_settings(tmp_path, emulator, dead_api())
    (call_id,) = await seed(settings.database_path, user.id, [REVIEW])
    async with running_bot(settings):
        emulator.send_text(user, "/stats")
        stats = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)), None))
        emulator.send_text(user, "/calls")
        listing = await emulator.wait_for(lambda: emulator.messages(user.id)[1:] and emulator.messages(user.id)[1])
        emulator.press(user, listing, encode(PickCall(call_id)))
        actions = await emulator.wait_for(lambda: emulator.messages(user.id)[2:] and emulator.messages(user.id)[2])
    assert actions.web_apps == stats.web_apps and encode(ShowSummary(call_id)) in actions.buttons  # /calls opens it too
    assert stats.parse_mode == "HTML" and stats.web_apps == [(EN.button_open_call, f"{APP_URL}?call={call_id}")]
    text = stats.text or ""
    # seeded segments: 5.5 s each, every 6 s; three each; a reply 0.5 s after the other's last word is no interruption
    assert "<b>Call statistics — Review (36s)</b>" in text
    assert "<b>Speaker 1 — 16s (50%)</b>\ntalk/listen 1.00 · longest monologue 6s at 00:00" in text
    assert "<b>Speaker 2 — 16s (50%)</b>" in text and "1 questions" in text and "0 questions" in text
    assert "interrupted 0×, was interrupted 0×" in text and EN.stats_open_hint in text
