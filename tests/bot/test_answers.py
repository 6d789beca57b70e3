"""Every question about a call reaches the model with the call's content, through the real bot (PTB against the
emulator) and the fake OpenAI server serving real sentence embeddings.

A short call is shown whole; a call longer than the context budget (the default BOT_LLM_CONTEXT_TOKENS) as its
summary and part notes (made by the real map-reduce summarizer) plus hybrid retrieval. For each question the test
reads what the model was sent and checks that the line answering it is there.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.llm.client import build_openai_client
from bot.pipeline.summarizing import make_summary
from bot.shared.transcripts import speakers_from, transcript_for
from bot.summaries.summarizer import LLMSummarizer
from database import CallStatus, Database, Segment
from database.calls import NewCall
from tests.bot.conftest import make_settings
from tests.bot.conversation_support import answers, citing_responder, dead_api
from tests.bot.conversation_support import seed as seed_stored
from tests.bot.harness import running_bot
from tests.bot.question_set import (
    EN_FACTS,
    EN_FOLLOW_UPS,
    RU_FACTS,
    RU_FOLLOW_UPS,
    WHOLE_CALL,
    Fact,
    FollowUp,
    generated_call,
)
from tests.bot.test_conversation import PLANNING, invoices
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.fakes.llm_server import FakeLLM, default_responder, is_rewrite
from tests.fakes.sentence_model import MODEL_NAME


@dataclass(frozen=True)
class GeneratedCall:
    name: str
    language: str
    facts: list[Fact]
    follow_ups: list[FollowUp]
    fillers: int
    user: TgUser


CALLS = [
    GeneratedCall("en-short", "en", EN_FACTS[:7], EN_FOLLOW_UPS, 20, TgUser(401)),
    GeneratedCall("en-long", "en", EN_FACTS, EN_FOLLOW_UPS, 880, TgUser(402)),
    GeneratedCall("ru-short", "ru", RU_FACTS[:6], RU_FOLLOW_UPS, 20, TgUser(403, language_code="ru")),
    GeneratedCall("ru-long", "ru", RU_FACTS, RU_FOLLOW_UPS, 560, TgUser(404, language_code="ru")),
]


def answering_responder(messages: list[dict[str, Any]]) -> str:
    """Answers cite the first two transcript lines they were shown; summaries and rewrites as the default model."""
    if is_rewrite(messages) or "You answer questions" not in messages[0]["content"]:
        return default_responder(messages)
    lines = [line for line in messages[-1]["content"].splitlines() if line.startswith("[")]
    return "From the call: " + " ".join(line.split("] ")[0] + "]" for line in lines[:2])


async def seed(path: Path, call: GeneratedCall, segments: list[Segment], llm: FakeLLM) -> None:
    """A delivered call with its transcript and the summary and part notes the real summarizer makes of it."""
    db = await Database.open(path)
    try:
        user = call.user
        await db.users.upsert(user.id, user.language_code, user.first_name)
        stored = await db.calls.create(
            NewCall(
                user.id, user.id, "audio", f"f-{call.name}", f"u-{call.name}", f"{call.name}.mp3", "audio/mpeg", 1000
            )
        )
        await db.transcripts.replace(user.id, stored.id, segments, speakers_from(segments))
        await db.calls.update(
            user.id,
            stored.id,
            status=CallStatus.DONE,
            language=call.language,
            duration=segments[-1].end,
            delivered_at=time.time(),
            title=call.name,
        )
        stored = await db.calls.get(user.id, stored.id) or stored
        summarizer = LLMSummarizer(build_openai_client(llm.base_url, None, 30, None), "fake-model", 8000, 1200)
        made = await make_summary(db, summarizer, stored, (await transcript_for(db, stored)).lines)
        await summarizer.aclose()
        await db.summaries.save(
            user.id, stored.id, made.summary.made_by, call.language, made.summary.model_dump_json(), notes=made.notes
        )
    finally:
        await db.aclose()


async def shown(emulator: BotApiEmulator, llm: FakeLLM, user: TgUser, question: str) -> str:
    """Ask in the chat; what the model was shown to answer it."""
    asked = len(llm.requests)
    replies = len(emulator.messages(user.id))
    emulator.send_text(user, question)
    await emulator.wait_for(lambda: len(emulator.messages(user.id)) > replies, timeout=60)
    (request,) = [r for r in llm.requests[asked:] if "You answer questions" in r["messages"][0]["content"]]
    return str(request["messages"][-1]["content"])


def has_call_content(material: str, call: GeneratedCall, segments: list[Segment]) -> bool:
    if call.name.endswith("short"):
        return "The whole transcript:" in material and all(s.text in material for s in segments)
    return all(
        part in material
        for part in ("Summary of the whole call", "Notes on each part", "Passages of the transcript:\n[")
    )


async def test_every_question_reaches_the_model_with_the_call_and_the_line_that_answers_it(
    tmp_path: Path, emulator: BotApiEmulator, semantic_llm: FakeLLM
) -> None:
    semantic_llm.responder = answering_responder
    settings = make_settings(
        tmp_path, emulator, dead_api(), llm_base_url=semantic_llm.base_url, embedding_model=MODEL_NAME
    )
    transcripts = {c.name: generated_call(c.language, c.facts, c.fillers, seed=n) for n, c in enumerate(CALLS)}
    for call in CALLS:
        await seed(settings.database_path, call, transcripts[call.name], semantic_llm)
    found: dict[tuple[str, str], list[bool]] = {}
    async with running_bot(settings):
        for call in CALLS:
            segments = transcripts[call.name]
            for kind, question, line in questions(call):
                material = await shown(emulator, semantic_llm, call.user, question)
                assert has_call_content(material, call, segments), (call.name, question, material[:300])
                found.setdefault((call.name, kind), []).append(line is None or line in material)
    table = {key: f"{sum(hits)}/{len(hits)}" for key, hits in found.items()}
    print("answer-bearing line in the model's context:", table)
    english = [hit for (name, kind), hits in found.items() if kind == "paraphrased" and "en" in name for hit in hits]
    assert sum(english) / len(english) >= 0.9, table
    assert all(all(found[(c.name, "paraphrased")]) for c in CALLS if c.name.endswith("short")), table
    worded = [hit for (_, kind), hits in found.items() if kind == "asked" for hit in hits]
    assert sum(worded) / len(worded) >= 0.95, table
    assert all(hit for (_, kind), hits in found.items() if kind == "follow-up" for hit in hits), table
    assert all(hit for (_, kind), hits in found.items() if kind == "whole call" for hit in hits), table


def questions(call: GeneratedCall) -> list[tuple[str, str, str | None]]:
    """(kind, question, the line that answers it or None) in the order a user asks them."""
    asked: list[tuple[str, str, str | None]] = [("whole call", q, None) for q in WHOLE_CALL[call.language]]
    for fact in call.facts:
        asked += [("paraphrased", fact.paraphrased, fact.line), ("asked", fact.asked, fact.line)]
    for pair in call.follow_ups:
        asked += [("asked", pair.first, pair.line), ("follow-up", pair.then, pair.line)]
    return asked


async def test_without_a_model_a_whole_call_question_gets_the_extractive_summary_labelled(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    call = GeneratedCall("en-short", "en", EN_FACTS[:7], EN_FOLLOW_UPS, 20, TgUser(405))
    settings = make_settings(tmp_path, emulator, dead_api())
    segments = generated_call("en", call.facts, call.fillers, seed=9)
    db = await Database.open(settings.database_path)
    try:
        await db.users.upsert(call.user.id, "en", "Tester")
        stored = await db.calls.create(NewCall(call.user.id, call.user.id, "audio", "f", "u", "x.mp3", None, 1))
        await db.transcripts.replace(call.user.id, stored.id, segments, speakers_from(segments))
        await db.calls.update(call.user.id, stored.id, status=CallStatus.DONE, delivered_at=time.time())
    finally:
        await db.aclose()
    async with running_bot(settings):
        emulator.send_text(call.user, "What's the gist?")
        gist = await emulator.wait_for(lambda: next(iter(emulator.messages(call.user.id)), None))
        emulator.send_text(call.user, "Who owns the onboarding checklist?")
        quotes = await emulator.wait_for(lambda: len(emulator.messages(call.user.id)) > 1)
        quotes = emulator.messages(call.user.id)[1]
    assert (gist.text or "").startswith("<i>📋 No language model is configured — the extractive summary")
    assert (gist.text or "").count("[") >= 3  # its most telling lines, each cited
    assert (quotes.text or "").startswith("<i>🔎 No language model is configured")
    assert EN_FACTS[1].line in (quotes.text or "")


async def test_ask_across_calls_keeps_its_conversation_until_a_call_is_deleted(
    tmp_path: Path, emulator: BotApiEmulator, fake_llm: FakeLLM
) -> None:
    user = TgUser(310)
    fake_llm.responder = citing_responder
    settings = make_settings(tmp_path, emulator, dead_api(), llm_base_url=fake_llm.base_url)
    alpha, _ = await seed_stored(settings.database_path, user.id, [invoices("Alpha sync", "today"), PLANNING])
    async with running_bot(settings):
        emulator.send_text(user, "/ask When are invoices sent?")
        await emulator.wait_for(lambda: answers(emulator, user.id, 0))
        emulator.send_text(user, "/ask and who decided that?")
        await emulator.wait_for(lambda: len(answers(emulator, user.id, 0)) == 2)
        db = await Database.open(settings.database_path)
        try:
            assert len(await db.chat.history_across(user.id)) == 4
            await db.calls.delete(user.id, alpha)  # its quotes are in the answers: the conversation goes with it
            assert await db.chat.history_across(user.id) == []
        finally:
            await db.aclose()
    asked = [r for r in fake_llm.requests if "You answer questions" in r["messages"][0]["content"]]
    (rewrite,) = [r for r in fake_llm.requests if r["messages"][0]["content"].startswith("You turn")]
    assert "User: When are invoices sent?" in rewrite["messages"][-1]["content"]
    assert [m["content"] for m in asked[1]["messages"][1:2]] == ["When are invoices sent?"]  # the history
    assert "[Alpha sync · 00:06 · Speaker 2] The invoice is sent today." in asked[1]["messages"][-1]["content"]
