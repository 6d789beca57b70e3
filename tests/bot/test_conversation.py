"""After the summary: a user talks to the real bot (PTB against the emulator) about stored calls.

Transcripts are written through ``database/`` (no transcription service needed); answers come from the fake
OpenAI-compatible server or, without one, as labelled quotes.
"""

from __future__ import annotations

from pathlib import Path

from bot.buttons.codec import encode
from bot.calls.buttons import CallsPage, PickCall, RenameCall
from bot.deletion.buttons import DeleteAll, DeleteAllConfirmed, DeleteCall, DeleteCallConfirmed, Keep
from bot.exports.buttons import ChooseFormat, ExportTranscript, ShowPicture
from bot.options.buttons import ChooseLanguage, LanguageChoice
from bot.pipeline.buttons import CancelCall, RetryCall
from bot.speakers.buttons import AskSpeakerCount, FindSpeakers, RenameSpeaker, ShowSpeakers
from bot.speakers.name_buttons import ApplyHeardName
from bot.speakers.voice_buttons import AnswerVoice
from bot.summaries.buttons import RegenerateSummary, ShowSummary
from bot.summaries.summarizer import PROMPT_OVERHEAD_TOKENS
from database import Database
from tests.bot.conftest import make_settings
from tests.bot.conversation_support import (
    StoredCall,
    answers,
    cited_keys,
    citing_responder,
    dead_api,
    real_citation_keys,
    seed,
    segments_of,
)
from tests.bot.harness import delete_from_calls, running_bot
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.fakes.llm_server import FakeLLM

PLANNING = StoredCall(
    "Planning",
    [
        ("SPEAKER_00", "Welcome everyone, today we plan the release and the budget."),
        ("SPEAKER_01", "The budget for the release is forty thousand dollars."),
        ("SPEAKER_00", "Good. The release ships on Friday after the final testing."),
        ("SPEAKER_00", "I will write the release notes myself this week."),
        ("SPEAKER_01", "Then I take care of the marketing emails."),
    ],
)


async def test_renaming_a_speaker_edits_the_summary_in_place_and_answers_and_exports_follow(
    tmp_path: Path, emulator: BotApiEmulator, fake_llm: FakeLLM
) -> None:
    user = TgUser(301)
    fake_llm.responder = citing_responder
    settings = make_settings(tmp_path, emulator, dead_api(), llm_base_url=fake_llm.base_url)
    (call_id,) = await seed(settings.database_path, user.id, [PLANNING])
    async with running_bot(settings):
        emulator.send_text(user, "/summary")
        summary = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)), None))
        emulator.send_text(user, "/speakers")
        card = await emulator.wait_for(lambda: emulator.messages(user.id)[1:] and emulator.messages(user.id)[1])
        assert card.buttons == [
            encode(RenameSpeaker(call_id, 0)),
            encode(RenameSpeaker(call_id, 1)),
            encode(ShowPicture(call_id)),
            encode(AskSpeakerCount(call_id)),
        ]
        emulator.press(user, card, encode(RenameSpeaker(call_id, 0)))
        await emulator.wait_for(lambda: len(emulator.messages(user.id)) == 3)
        assert emulator.messages(user.id)[2].text == "Send the new name for Speaker 1."
        before = [(m.message_id, list(m.edits)) for m in emulator.messages(user.id)]
        named = emulator.send_text(user, "Ivan")
        await emulator.wait_for(lambda: emulator.reactions)
        after = [(m.message_id, list(m.edits)) for m in emulator.messages(user.id)]
        assert "Ivan" in (summary.text or "") and "Speaker 1" not in (summary.text or "")
        assert summary.buttons == [encode(RegenerateSummary(call_id))]

        asked = len(emulator.messages(user.id))
        emulator.send_text(user, "Who writes the release notes?")
        (answer,) = await emulator.wait_for(lambda: answers(emulator, user.id, asked))
        emulator.send_text(user, "/transcript")
        menu = await emulator.wait_for(
            lambda: next((m for m in emulator.messages(user.id) if m.buttons and m.buttons[0].startswith("ex1:")), None)
        )
        emulator.press(user, menu, encode(ExportTranscript(call_id, "srt")))
        srt = await emulator.wait_for(
            lambda: next((m for m in emulator.messages(user.id) if (m.filename or "").endswith(".srt")), None)
        )
    changed = [mid for (mid, edits), (_, old) in zip(after, before, strict=False) if edits != old]
    assert after[: len(before)] != before and len(after) == len(before)  # nothing arrived…
    assert changed == [summary.message_id]  # …and exactly one message changed: the summary, in place
    assert emulator.reactions == [(user.id, emulator.pushed_message(named)["message_id"], ["👌"])]  # name taken
    assert not [m for m in emulator.messages(user.id)[:asked] if m.document or m.photo]  # nothing re-sent
    assert "[00:18 · Ivan]" in answer and "Nobody" not in answer and "Ghost" not in answer
    assert srt.filename == f"Planning-{call_id}.srt"
    assert "Ivan: Welcome everyone" in srt.document.decode() and "Speaker 1" not in srt.document.decode()


MIGRATION_CALL = StoredCall(
    "Infra weekly",
    [
        ("SPEAKER_00" if i % 2 else "SPEAKER_01", f"Filler remark number {i} about coffee and the weather.")
        for i in range(120)
    ]
    + [("SPEAKER_01", "Olga owns the database migration from now on.")]
    + [("SPEAKER_00", f"Another unrelated remark {i} about lunch.") for i in range(60)]
    + [("SPEAKER_00", "The migration deadline is the third of March.")],
)


async def test_follow_up_question_uses_the_conversation_so_far(
    tmp_path: Path, emulator: BotApiEmulator, fake_llm: FakeLLM
) -> None:
    user = TgUser(302)
    fake_llm.responder = citing_responder
    settings = make_settings(
        tmp_path, emulator, dead_api(), llm_base_url=fake_llm.base_url, llm_context_tokens=2000
    )  # the call is longer than that: it is searched
    await seed(settings.database_path, user.id, [MIGRATION_CALL])
    async with running_bot(settings):
        emulator.send_text(user, "Who owns the migration?")
        await emulator.wait_for(lambda: answers(emulator, user.id, 0))
        emulator.send_text(user, "And by when must it be finished?")  # no term of the call's answer line
        await emulator.wait_for(lambda: len(answers(emulator, user.id, 0)) == 2)
    first, second = [r for r in fake_llm.requests if "You answer questions" in r["messages"][0]["content"]]
    (rewrite,) = [r for r in fake_llm.requests if r not in (first, second)]
    assert "Latest question: And by when must it be finished?" in rewrite["messages"][-1]["content"]
    history = [m["content"] for m in second["messages"][1:-1]]
    assert history[0] == "Who owns the migration?" and "[12:00 · Speaker 1]" in history[1]
    assert "Olga owns the database migration" in first["messages"][-1]["content"]
    follow_up = second["messages"][-1]["content"]
    assert "The migration deadline is the third of March." in follow_up  # found through the rewritten question
    assert "[18:06 · Speaker 2]" in answers(emulator, user.id, 0)[1]


def invoices(title: str, when: str) -> StoredCall:
    return StoredCall(title, [("SPEAKER_00", "Hello, let's start."), ("SPEAKER_01", f"The invoice is sent {when}.")])


async def test_search_and_ask_across_three_calls(tmp_path: Path, emulator: BotApiEmulator) -> None:
    user, other = TgUser(303), TgUser(304)
    settings = make_settings(tmp_path, emulator, dead_api())  # no LLM: /ask answers with quotes
    calls = [invoices("Alpha sync", "today"), invoices("Beta review", "tomorrow"), invoices("Gamma plan", "monthly")]
    await seed(settings.database_path, user.id, [*calls, StoredCall("Lunch", [("SPEAKER_00", "Pizza again.")])])
    await seed(settings.database_path, other.id, [invoices("Secret", "never")])
    async with running_bot(settings):
        emulator.send_text(user, "/search invoices")
        found = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)), None))
        emulator.send_text(user, "/ask When are invoices sent?")
        await emulator.wait_for(lambda: len(emulator.messages(user.id)) == 2)
        emulator.send_text(user, "/search nothingmatcheshere")
        await emulator.wait_for(lambda: len(emulator.messages(user.id)) == 3)
    text = found.text or ""
    assert all(f"<b>{title}</b>" in text for title in ("Alpha sync", "Beta review", "Gamma plan"))
    assert "[00:06 · Speaker 2] The invoice is sent today." in text
    assert "Secret" not in text and "Lunch" not in text
    asked = emulator.messages(user.id)[1].text or ""
    assert asked.startswith("<i>🔎 No language model is configured")
    assert {c[0] for c in cited_keys(asked)} == {"Alpha sync", "Beta review", "Gamma plan"}
    assert emulator.messages(user.id)[2].text == "Nothing found for “nothingmatcheshere”."


async def test_deleted_call_is_unreachable_by_any_command_or_button(tmp_path: Path, emulator: BotApiEmulator) -> None:
    user = TgUser(305)
    settings = make_settings(tmp_path, emulator, dead_api())
    gone, kept = await seed(settings.database_path, user.id, [PLANNING, invoices("Kept call", "today")])
    async with running_bot(settings):
        listing = await delete_from_calls(emulator, user, gone, "Planning")
        stale = [
            f"pick:{gone}",
            f"sum:{gone}",
            f"regen:{gone}",
            f"exp:{gone}:txt",
            f"spk:{gone}:0",
            f"pic:{gone}",
            f"rn:{gone}",
            f"del:{gone}",
            f"delok:{gone}",
            f"tr:{gone}",
            f"speakers:{gone}",
        ]
        stale += [
            encode(b)
            for b in (
                PickCall(gone),
                ShowSummary(gone),
                RegenerateSummary(gone),
                ShowPicture(gone),
                ExportTranscript(gone, "txt"),
                RenameSpeaker(gone, 0),
                RenameCall(gone),
                DeleteCall(gone),
                DeleteCallConfirmed(gone),
                ChooseFormat(gone),
                ShowSpeakers(gone),
                AskSpeakerCount(gone),
                FindSpeakers(gone, 2),
                ApplyHeardName(gone, 1),
                AnswerVoice(gone, "SPEAKER_00", 1, True),
                CancelCall(gone),
                RetryCall(gone),
            )
        ]  # the old data and today's
        pressed = [emulator.press(user, listing, data) for data in stale]
        await emulator.wait_for(lambda: all(q in emulator.callback_answers for q in pressed))
        count = len(emulator.messages(user.id))
        for command in ("/calls", "/summary", "/search budget", "/speakers", "What is the budget?"):
            emulator.send_text(user, command)
        await emulator.wait_for(lambda: len(emulator.messages(user.id)) >= count + 5)
    assert all(emulator.callback_answers[q] == {"text": "This is not your call.", "show_alert": True} for q in pressed)
    replies = "\n".join(m.text or "" for m in emulator.messages(user.id)[count:])
    assert "Planning" not in replies and "forty thousand" not in replies and "release" not in replies
    assert "Kept call" in replies and "Nothing found for “budget”." in replies
    db = await Database.open(settings.database_path)
    try:
        assert [c.id for c in await db.calls.list_for_user(user.id)] == [kept]
        async with db.conn.execute("SELECT COUNT(*) FROM segments WHERE call_id = ?", (gone,)) as cur:
            assert (await cur.fetchone())[0] == 0
    finally:
        await db.aclose()


async def test_delete_all_my_data_and_language_choice(tmp_path: Path, emulator: BotApiEmulator) -> None:
    user = TgUser(306)
    settings = make_settings(tmp_path, emulator, dead_api())
    await seed(settings.database_path, user.id, [PLANNING])
    async with running_bot(settings):
        emulator.send_text(user, "/language")
        menu = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)), None))
        emulator.press(user, menu, encode(ChooseLanguage(LanguageChoice.RU)))
        await emulator.wait_for(lambda: menu.text == "Язык: русский.")
        emulator.send_text(user, "What is the budget?")  # an English call; the bot speaks Russian now
        quoted = await emulator.wait_for(lambda: emulator.messages(user.id)[1:] and emulator.messages(user.id)[1])
        emulator.send_text(user, "/delete")
        choice = await emulator.wait_for(lambda: emulator.messages(user.id)[2:] and emulator.messages(user.id)[2])
        emulator.press(user, choice, encode(DeleteAll()))
        await emulator.wait_for(lambda: choice.buttons == [encode(DeleteAllConfirmed()), encode(Keep())])
        emulator.press(user, choice, encode(DeleteAllConfirmed()))
        await emulator.wait_for(lambda: choice.text == "🗑 Все ваши данные удалены.")
        emulator.send_text(user, "/calls")
        await emulator.wait_for(lambda: len(emulator.messages(user.id)) == 4)
    assert (quoted.text or "").startswith("<i>🔎 Языковая модель не настроена")
    assert emulator.messages(user.id)[3].text == "You have no calls yet. Send me a recording."  # settings gone too
    db = await Database.open(settings.database_path)
    try:
        assert await db.calls.list_for_user(user.id) == []
        stored = await db.users.get(user.id)  # /calls registered the user again, from scratch
        assert stored is not None and (stored.language_override, stored.active_call_id) == (None, None)
        async with db.conn.execute("SELECT COUNT(*) FROM segment_search") as cur:
            assert (await cur.fetchone())[0] == 0
    finally:
        await db.aclose()


def long_call_lines() -> list[tuple[str, str]]:
    topics = ["budget", "migration", "vendor", "release", "hiring", "contract", "design", "security"]
    return [
        (f"SPEAKER_0{i % 3}", f"Point {i}: the {topics[i % len(topics)]} item {i} needs owner number {i % 17}.")
        for i in range(640)  # 640 segments of 6 s: more than an hour
    ]


async def test_every_citation_in_answers_points_at_a_real_segment(
    tmp_path: Path, emulator: BotApiEmulator, fake_llm: FakeLLM
) -> None:
    user = TgUser(307)
    fake_llm.responder = citing_responder
    settings = make_settings(
        tmp_path,
        emulator,
        dead_api(),
        llm_base_url=fake_llm.base_url,
        llm_context_tokens=2000,
        llm_max_output_tokens=300,
    )
    lines = long_call_lines()
    await seed(settings.database_path, user.id, [StoredCall("Long", lines)])
    questions = ["Who owns the budget?", "What about the vendor contract?", "Security item 401?", "Hiring plans?"]
    async with running_bot(settings):
        for n, question in enumerate(questions, start=1):
            emulator.send_text(user, question)
            await emulator.wait_for(lambda n=n: len(answers(emulator, user.id, 0)) == n)
    names = {"SPEAKER_00": "Speaker 1", "SPEAKER_01": "Speaker 2", "SPEAKER_02": "Speaker 3"}
    real = real_citation_keys(segments_of(lines), names)
    for answer in answers(emulator, user.id, 0):
        keys = cited_keys(answer)
        assert keys and all(key in real for key in keys), answer
    budget = 3 * (2000 - 300 - PROMPT_OVERHEAD_TOKENS)  # the material and history never exceed the context budget
    for request in fake_llm.requests:
        assert sum(len(m["content"]) for m in request["messages"][1:]) <= budget + 200
    assert "[40:06 · Speaker 3]" in answers(emulator, user.id, 0)[2]  # item 401 is found in an hour-long call


async def test_calls_pages_rename_summary_and_picture_on_request(tmp_path: Path, emulator: BotApiEmulator) -> None:
    user = TgUser(308)
    settings = make_settings(tmp_path, emulator, dead_api())
    ids = await seed(settings.database_path, user.id, [invoices(f"Call {n}", "today") for n in range(8)])
    async with running_bot(settings):
        emulator.send_text(user, "/calls")
        listing = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)), None))
        first_page = listing.text
        emulator.press(user, listing, encode(CallsPage(1)))
        await emulator.wait_for(lambda: listing.text != first_page)
        emulator.press(user, listing, encode(PickCall(ids[0])))
        actions = await emulator.wait_for(lambda: emulator.messages(user.id)[1:] and emulator.messages(user.id)[1])
        emulator.press(user, actions, encode(RenameCall(ids[0])))
        await emulator.wait_for(lambda: len(emulator.messages(user.id)) == 3)
        emulator.send_text(user, "Kickoff with Acme")
        await emulator.wait_for(lambda: len(emulator.messages(user.id)) == 4)
        for command in ("/summary", "/picture"):
            count = len(emulator.messages(user.id))
            emulator.send_text(user, command)
            await emulator.wait_for(lambda count=count: len(emulator.messages(user.id)) > count)
        summary, picture = emulator.messages(user.id)[4:6]
        emulator.press(user, summary, encode(RegenerateSummary(ids[0])))
        await emulator.wait_for(lambda: sum(1 for m in emulator.messages(user.id) if m.photo) == 2)
    assert first_page.startswith("Your calls (8), page 1 of 2.") and "Call 7" in first_page
    assert listing.text.startswith("Your calls (8), page 2 of 2.") and "Call 0" in listing.text
    assert listing.buttons == [encode(PickCall(ids[1])), encode(PickCall(ids[0])), encode(CallsPage(0))]
    assert actions.text.startswith("“Call 0” — ") and encode(DeleteCall(ids[0])) in actions.buttons
    assert emulator.messages(user.id)[2].text == "Send the new title for “Call 0”."
    assert emulator.messages(user.id)[3].text == "✏️ Renamed: Kickoff with Acme"
    assert summary.text.startswith("<b>Extractive summary") and summary.buttons == [encode(RegenerateSummary(ids[0]))]
    assert picture.photo[:4] == b"\x89PNG" and picture.caption == "Talk time — Kickoff with Acme"
    assert any((m.filename or "") == f"Call 0-{ids[0]}.txt" for m in emulator.messages(user.id))  # redelivered


async def test_a_command_cancels_an_awaited_name(tmp_path: Path, emulator: BotApiEmulator) -> None:
    user = TgUser(309)
    settings = make_settings(tmp_path, emulator, dead_api())
    (call_id,) = await seed(settings.database_path, user.id, [PLANNING])
    async with running_bot(settings):
        emulator.send_text(user, "/speakers")
        card = await emulator.wait_for(lambda: next(iter(emulator.messages(user.id)), None))
        emulator.press(user, card, encode(RenameSpeaker(call_id, 1)))
        await emulator.wait_for(lambda: len(emulator.messages(user.id)) == 2)
        emulator.send_text(user, "/language")
        await emulator.wait_for(lambda: len(emulator.messages(user.id)) == 3)
        emulator.send_text(user, "What is the budget?")
        answer = await emulator.wait_for(lambda: emulator.messages(user.id)[3:] and emulator.messages(user.id)[3])
    assert (answer.text or "").startswith("<i>🔎 No language model is configured")  # a question, not a name
    assert "forty thousand dollars" in (answer.text or "")
    db = await Database.open(settings.database_path)
    try:
        assert [(s.number, s.name) for s in await db.transcripts.speakers(user.id, call_id)] == [(1, None), (2, None)]
    finally:
        await db.aclose()
