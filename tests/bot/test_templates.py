"""Summary templates through the real bot: a sales-like call gets the sales sections, labelled as detected;
/template instructions and a picked template change the next summary ("Regenerate"); every item is cited."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bot.buttons.codec import encode
from bot.options.buttons import ChooseTemplate, ClearInstructions, WriteInstructions
from bot.options.call_options import clean_vocabulary
from bot.shared.timecodes import mmss
from bot.summaries.buttons import RegenerateSummary
from bot.summaries.call_kinds import detect_kind
from bot.summaries.citations import CitationChecker
from bot.summaries.summary import ActionItem, Summary
from database import Database, Speaker
from tests.bot.conftest import make_settings
from tests.bot.conversation_support import StoredCall, dead_api, seed, segments_of
from tests.bot.harness import running_bot
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.fakes.llm_server import FakeLLM, default_responder, requested_sections

SALES = StoredCall(
    "Acme demo",
    [
        ("SPEAKER_00", "Thanks for joining the demo, let me show the pricing for fifty licenses."),
        ("SPEAKER_01", "Our budget is tight and a competitor offered a bigger discount."),
        ("SPEAKER_00", "We can add a ten percent discount if you sign the contract this quarter."),
        ("SPEAKER_01", "Procurement needs the proposal and the invoice terms first."),
        ("SPEAKER_00", "I will send the proposal on Monday and book a trial for your team."),
    ],
)
WRITE = encode(WriteInstructions())
STANDING = re.compile(r"standing instructions; follow them as long as the answer stays the JSON object above: (.+)$")


def obliging(messages: list[dict[str, Any]]) -> str:
    """The default fake summary; its overview follows the user's standing instructions when there are some."""
    summary = json.loads(default_responder(messages))
    if wanted := STANDING.search(str(messages[0]["content"])):
        summary["overview"] = f"As you asked ({wanted.group(1)}): risks first."
    return json.dumps(summary)


def summaries(emulator: BotApiEmulator, user: TgUser) -> list[str]:
    return [m.text or "" for m in emulator.messages(user.id) if (m.text or "").startswith("<b>Summary</b>")]


async def regenerate(emulator: BotApiEmulator, user: TgUser, call_id: int) -> str:
    count, documents = len(summaries(emulator, user)), len(emulator.documents(user.id))
    emulator.send_text(user, "/summary")
    shown = await emulator.wait_for(
        lambda: next(
            (m for m in reversed(emulator.messages(user.id)) if m.buttons == [encode(RegenerateSummary(call_id))]), None
        )
    )
    emulator.press(user, shown, encode(RegenerateSummary(call_id)))
    await emulator.wait_for(lambda: len(emulator.documents(user.id)) > documents)  # delivered to the end
    assert len(summaries(emulator, user)) == count + 1
    return summaries(emulator, user)[-1]


async def test_sales_sections_and_template_instructions_shape_the_next_summary(
    tmp_path: Path, emulator: BotApiEmulator, fake_llm: FakeLLM
) -> None:
    user = TgUser(701)
    fake_llm.responder = obliging
    settings = make_settings(tmp_path, emulator, dead_api(), llm_base_url=fake_llm.base_url)
    (call_id,) = await seed(settings.database_path, user.id, [SALES])
    async with running_bot(settings):
        detected = await regenerate(emulator, user, call_id)
        emulator.send_text(user, "/template")
        menu = await emulator.wait_for(
            lambda: next((m for m in emulator.messages(user.id) if WRITE in m.buttons), None)
        )
        offered = list(menu.buttons)
        emulator.press(user, menu, WRITE)
        await emulator.wait_for(lambda: emulator.messages(user.id)[-1].text.startswith("Send your standing"))
        emulator.send_text(user, "Always put risks first")
        await emulator.wait_for(lambda: emulator.messages(user.id)[-1].text.startswith("Saved."))
        instructed = await regenerate(emulator, user, call_id)
        emulator.press(user, menu, encode(ChooseTemplate("interview")))
        await emulator.wait_for(lambda: menu.text.startswith("Template: Interview."))
        picked = await regenerate(emulator, user, call_id)
    assert "<i>Sales call (detected) · change: /template</i>" in detected
    for heading in ("Needs", "Objections", "Next steps", "Key points", "Decisions", "Action items"):
        assert f"<b>{heading}</b>" in detected
    assert "As you asked (Always put risks first): risks first." in instructed
    assert "As you asked" not in detected
    assert "<i>Interview (your template)" in picked and "<b>Strengths</b>" in picked and "<b>Needs</b>" not in picked
    assert offered[:3] == [encode(ChooseTemplate(key)) for key in ("auto", "generic", "sales")]
    assert offered[-2:] == [WRITE, encode(ClearInstructions())]
    stamps = {mmss(s.start) for s in segments_of(SALES.lines)}
    for text in (detected, instructed, picked):  # every item of every section cites a moment the call has
        items = [line for line in text.splitlines() if line.startswith("• ")]
        assert items and all(re.search(r"\[(\d\d:\d\d)\]$", i) and i[-6:-1] in stamps for i in items), items


def test_the_kind_of_call_is_told_by_what_is_said_and_who_talks() -> None:
    speakers = [Speaker("SPEAKER_00", 1, 20.0), Speaker("SPEAKER_01", 2, 12.0)]
    assert detect_kind(segments_of(SALES.lines), speakers) == "sales"
    standup = segments_of([("S", "Yesterday I finished the ticket, today I review the merge request, no blockers.")])
    assert detect_kind(standup, speakers) == "standup"
    lecture = segments_of([("S", f"Point {i} of the theory.") for i in range(5)], step=200.0)
    assert detect_kind(lecture, [Speaker("S", 1, 990.0), Speaker("Q", 2, 10.0)]) == "lecture"
    assert detect_kind(segments_of([("S", "Hello there, nice weather.")]), speakers) == "generic"


def test_summary_items_without_a_real_citation_are_impossible() -> None:
    lines = ["[00:00] Speaker 1: We ship the release on Friday.", "[01:05] Speaker 2: Alice sends the report Monday."]
    checker = CitationChecker(lines)
    summary = Summary(
        key_points=["Release on Friday [00:00]", "Invented stamp [99:99] about the report Alice sends", "Pure fiction"],
        decisions=["Ship Friday [01:05] [00:00]"],
        action_items=[ActionItem(task="Send the report", owner="Alice")],
        sections={"needs": ["Nothing said about this at all"]},  # type: ignore[arg-type]
    )
    cited = checker.summary(summary)
    assert cited.key_points == ["Release on Friday [00:00]", "Invented stamp about the report Alice sends [01:05]"]
    assert cited.decisions == ["Ship Friday [01:05] [00:00]"]
    assert cited.action_items[0].task == "Send the report [01:05]"
    assert cited.section("needs") == []
    assert requested_sections([{"content": '"sections": {"needs": [], "objections": []}'}]) == ["needs", "objections"]


async def test_instructions_lose_control_and_bidi_characters_as_a_vocabulary_does(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    user = TgUser(702)
    settings = make_settings(tmp_path, emulator, dead_api())
    hostile = "Risks\u202e first\u200b\u0007 please\u2066 \x1b[31m"  # a bidi override, zero width, bell, isolate
    async with running_bot(settings):
        emulator.send_text(user, f"/template {hostile}")
        saved = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)), None))
        emulator.send_text(user, "/template")
        menu = await emulator.wait_for(
            lambda: next((m for m in emulator.messages(user.id) if WRITE in m.buttons), None)
        )
        emulator.press(user, menu, WRITE)
        await emulator.wait_for(lambda: emulator.messages(user.id)[-1].text.startswith("Send your standing"))
        emulator.send_text(user, "\u202e\u200f\u0000")  # nothing visible: refused, not stored as blank
        await emulator.wait_for(lambda: emulator.messages(user.id)[-1].text.startswith("Instructions are"))
        refused = emulator.messages(user.id)[-1]
    assert saved.text == "Saved. Your next summaries (and 🔄 Regenerate) follow: Risks first please [31m"
    assert refused.text == "Instructions are 1–500 characters. Send them again."
    assert clean_vocabulary(hostile) == "Risks first please [31m"  # the one cleaning, for both
    db = await Database.open(settings.database_path)
    try:
        stored = await db.users.get(user.id)
        assert stored is not None and stored.summary_instructions == "Risks first please [31m"
    finally:
        await db.aclose()
