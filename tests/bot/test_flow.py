"""A user sends recordings to the real bot (PTB against the emulator) backed by the real transcription API."""

from __future__ import annotations

import re
from pathlib import Path

from database import CallStatus, Database
from tests.bot.conftest import make_settings
from tests.bot.harness import running_bot
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.fakes.llm_server import FakeLLM
from tests.support.transcription_service import TranscriptionService

TRANSCRIPT_LINE = re.compile(r"^\[\d\d:\d\d\] Speaker \d: \S.*$")


def documents(emulator: BotApiEmulator, chat_id: int) -> list:
    return [m for m in emulator.messages(chat_id) if m.document is not None]


async def test_voice_note_gets_progress_summary_and_transcript(
    tmp_path: Path,
    emulator: BotApiEmulator,
    fake_llm: FakeLLM,
    transcription_service: TranscriptionService,
    recordings: dict[str, Path],
) -> None:
    user = TgUser(101)
    settings = make_settings(tmp_path, emulator, transcription_service.url, llm_base_url=fake_llm.base_url)
    async with running_bot(settings):
        emulator.send_media(user, "voice", recordings["voice"], mime="audio/ogg")
        await emulator.wait_for(lambda: documents(emulator, user.id), timeout=90)
        await emulator.wait_for(lambda: emulator.messages(user.id)[0].text.startswith("✅"))

    status, *rest = emulator.messages(user.id)
    assert status.edits[0].startswith("📥 Received")
    assert any(e.startswith(("⏳ In the queue", "🎙 Transcribing")) for e in status.edits)
    assert "📝 Summarizing…" in status.edits
    assert re.fullmatch(r"✅ Done in \d+s", status.text or "")
    assert status.buttons == []  # the Cancel button is gone once done

    summary = [m for m in rest if m.document is None]
    assert len(summary) == 1 and summary[0].parse_mode == "HTML"
    html = summary[0].text or ""
    for heading in ("Overview", "Key points", "Decisions", "Action items", "Open questions"):
        assert f"<b>{heading}</b>" in html
    assert "Budget &lt;approved&gt; &amp; shipped" in html  # LLM text is escaped
    assert "Send the report (owner: Alice; due: Monday)" in html

    (doc,) = documents(emulator, user.id)
    lines = doc.document.decode().splitlines()
    assert lines and all(TRANSCRIPT_LINE.match(line) for line in lines), lines
    assert {"Speaker 1", "Speaker 2"} <= {line.split("] ")[1].split(":")[0] for line in lines}
    assert "friday" in doc.document.decode().lower()

    (prompt,) = fake_llm.prompts()
    assert "Speaker 1:" in prompt and "Speaker 2:" in prompt and "friday" in prompt.lower()

    db = await Database.open(settings.database_path)
    try:
        (call,) = await db.calls.list_for_user(user.id)
        assert call.status is CallStatus.DONE and call.delivered_at is not None and call.language == "en"
        segments = await db.transcripts.segments(user.id, call.id, with_words=True)
        assert segments and all(seg.words for seg in segments)
        assert len(await db.transcripts.speakers(user.id, call.id)) == 2
        assert (await db.summaries.get(user.id, call.id)) is not None
    finally:
        await db.close()
