"""A user sends recordings to the real bot (PTB against the emulator) backed by the real transcription API."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot.buttons.codec import encode
from bot.pipeline.buttons import RetryCall
from bot.texts import EN
from database import CallStatus, Database
from tests.bot.conftest import make_settings
from tests.bot.harness import running_bot
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.fakes.llm_server import FakeLLM, first_stamp
from tests.support.transcription_service import TranscriptionService
from tests.support.waiting import eventually

STAGE_ORDER = ["📥", "⏳", "🎙", "📝", "✅"]
TRANSCRIPT_LINE = re.compile(r"^\[\d\d:\d\d\] Speaker \d: \S.*$")


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
        await emulator.wait_for(lambda: emulator.documents(user.id), timeout=90)
        await emulator.wait_for(lambda: emulator.messages(user.id)[0].text.startswith("✅"))

    status, *rest = emulator.messages(user.id)
    assert status.edits[0].startswith("📥 Received")
    assert any(e.startswith(("⏳ In the queue", "🎙 Transcribing")) for e in status.edits)
    stages = [STAGE_ORDER.index(edit[0]) for edit in status.edits]
    assert stages == sorted(stages)  # stages only move forward (superseded ones may be coalesced away)
    assert re.fullmatch(r"✅ Done in \d+s", status.text or "")
    assert status.buttons == []  # the Cancel button is gone once done

    summary = [m for m in rest if m.document is None and m.photo is None]
    assert len(summary) == 1 and summary[0].parse_mode == "HTML"
    (picture,) = [m for m in rest if m.photo]  # the talk-time picture comes with the summary
    assert picture.photo.startswith(b"\x89PNG") and picture.caption == "Talk time — 🎤 voice"
    html = summary[0].text or ""
    for heading in ("Overview", "Key points", "Decisions", "Action items", "Open questions"):
        assert f"<b>{heading}</b>" in html
    assert "Budget &lt;approved&gt; &amp; shipped" in html  # LLM text is escaped
    assert "Send the report (owner: Alice; due: Monday)" in html

    assert emulator.method_count("getFile") == 1 and emulator.downloads == []  # read in place, not fetched
    (doc,) = emulator.documents(user.id)
    lines = doc.document.decode().splitlines()
    assert lines and all(TRANSCRIPT_LINE.match(line) for line in lines), lines
    names = {line.split("] ")[1].split(":")[0] for line in lines}
    assert names == {"Speaker 1", "Speaker 2"}  # the recording has exactly two voices
    assert "friday" in doc.document.decode().lower()

    prompt, heard = fake_llm.prompts()  # the summary, then the names heard in the call (none here)
    assert heard.startswith("<transcript>\n[00:00] S1: ")
    assert "Speaker 1:" in prompt and "Speaker 2:" in prompt and "friday" in prompt.lower()

    db = await Database.open(settings.database_path)
    try:
        (call,) = await db.calls.list_for_user(user.id)
        assert call.status is CallStatus.DONE and call.delivered_at is not None and call.language == "en"
        segments = await db.transcripts.segments(user.id, call.id, with_words=True)
        assert segments and all(seg.words for seg in segments)
        speakers = await db.transcripts.speakers(user.id, call.id)
        # every diarized speaker is stored once, named in order of first appearance, as the transcript shows them
        assert sorted((s.number, s.name) for s in speakers) == [(1, None), (2, None)]
        assert (await db.summaries.get(user.id, call.id)) is not None
    finally:
        await db.aclose()


async def test_video_document_for_a_russian_user_with_extractive_summary(
    tmp_path: Path,
    emulator: BotApiEmulator,
    transcription_service: TranscriptionService,
    recordings: dict[str, Path],
) -> None:
    user = TgUser(102, language_code="ru")
    settings = make_settings(tmp_path, emulator, transcription_service.url)  # no LLM configured
    async with running_bot(settings):
        emulator.send_media(user, "document", recordings["video"], mime="video/mp4", name="meeting.mp4")
        await emulator.wait_for(lambda: emulator.documents(user.id), timeout=90)
        await emulator.wait_for(lambda: emulator.messages(user.id)[0].text.startswith("✅"))
        emulator.send_media(user, "video_note", recordings["video_note"])
        await emulator.wait_for(lambda: len(emulator.documents(user.id)) == 2, timeout=90)
    status, summary, picture, doc, round_status, _, _, round_doc = emulator.messages(user.id)
    assert picture.caption == "Время речи — meeting.mp4"
    assert round_status.edits[0] == "📥 Получено: 📹 video_note"
    assert "friday" in round_doc.document.decode().lower()
    assert status.edits[0] == "📥 Получено: meeting.mp4"
    assert status.text.startswith("✅ Готово за") and status.buttons == []
    assert summary.text.startswith("<b>Извлечённое резюме (языковая модель не настроена")
    assert "<b>Время речи</b>" in summary.text and "Спикер 1" in summary.text
    assert doc.filename == "meeting-1.txt" and doc.caption == "Расшифровка"
    assert all(re.match(r"^\[\d\d:\d\d\] Спикер \d: ", line) for line in doc.document.decode().splitlines())
    assert list((tmp_path / "work").rglob("*")) == []  # the extracted audio track was removed


async def test_same_file_twice_reuses_the_transcript(
    tmp_path: Path,
    emulator: BotApiEmulator,
    fake_llm: FakeLLM,
    transcription_service: TranscriptionService,
    recordings: dict[str, Path],
) -> None:
    user = TgUser(103)
    settings = make_settings(tmp_path, emulator, transcription_service.url, llm_base_url=fake_llm.base_url)
    async with running_bot(settings):
        emulator.send_media(user, "video", recordings["video"], mime="video/mp4")
        await emulator.wait_for(lambda: len(emulator.documents(user.id)) == 1, timeout=90)
        emulator.send_media(user, "video", recordings["video"], mime="video/mp4")
        await emulator.wait_for(lambda: len(emulator.documents(user.id)) == 2, timeout=30)
        second_status = [m for m in emulator.messages(user.id) if m.edits and m.edits[0].startswith("📥")][1]
        await emulator.wait_for(lambda: second_status.text.startswith("✅"))
    first, second = emulator.documents(user.id)
    assert first.document == second.document
    assert not any(e.startswith(("⏳", "🎙")) for e in second_status.edits)
    db = await Database.open(settings.database_path)
    try:
        newer, older = await db.calls.list_for_user(user.id)
        assert older.job_id and newer.job_id is None  # the service got one job only
        assert newer.status is CallStatus.DONE
    finally:
        await db.aclose()


async def test_cancel_button_cancels_the_job_on_the_service(
    tmp_path: Path,
    emulator: BotApiEmulator,
    transcription_service: TranscriptionService,
    recordings: dict[str, Path],
) -> None:
    user = TgUser(104)
    settings = make_settings(tmp_path, emulator, transcription_service.url)
    async with running_bot(settings) as app:
        emulator.send_media(user, "voice", recordings["long_voice"], mime="audio/ogg", duration=75)
        status = await emulator.wait_for(
            lambda: next((m for m in emulator.messages(user.id) if m.text.startswith(("⏳", "🎙"))), None)
        )
        (cancel_data,) = status.buttons
        answer = emulator.press(user, status, cancel_data)
        await emulator.wait_for(lambda: status.text == "🚫 Cancelled.")
        again = emulator.press(user, status, cancel_data)
        await emulator.wait_for(lambda: again in emulator.callback_answers)
        assert app.bot_data.runtime is not None and app.bot_data.runtime.calls.running() == []
        db = await Database.open(settings.database_path)
        try:
            (call,) = await db.calls.list_for_user(user.id)
            assert call.status is CallStatus.CANCELLED and call.job_id
            job = call.job_id  # cancelled while it ran, then deleted: the bot leaves nothing on the service
            await eventually(lambda: transcription_service.job_status(job) == 404, "the job to be gone")

            async def nothing_pending() -> bool:
                return await db.deletions.all() == []

            await eventually(nothing_pending, "the bot's deletion queue to be empty")
        finally:
            await db.aclose()
    assert emulator.callback_answers[answer]["text"] == "Cancelled."
    assert emulator.callback_answers[again]["text"] == "This call is already finished."
    assert emulator.documents(user.id) == [] and len(emulator.messages(user.id)) == 1


async def test_llm_failure_sends_transcript_and_retry_works(
    tmp_path: Path,
    emulator: BotApiEmulator,
    fake_llm: FakeLLM,
    transcription_service: TranscriptionService,
    recordings: dict[str, Path],
) -> None:
    user = TgUser(105)
    fake_llm.fail_status = 500
    settings = make_settings(tmp_path, emulator, transcription_service.url, llm_base_url=fake_llm.base_url)
    async with running_bot(settings):
        emulator.send_media(user, "voice", recordings["voice"], mime="audio/ogg")
        failure = await emulator.wait_for(
            lambda: next((m for m in emulator.messages(user.id) if m.buttons == [encode(RetryCall(1))]), None),
            timeout=90,
        )
        assert failure.text.startswith("⚠️ The summary could not be made: the language model answered HTTP 500.")
        assert len(emulator.documents(user.id)) == 1  # the transcript is not held back
        fake_llm.fail_status = None
        points = [f"Point {i} <with> & markup-looking text that must be escaped" for i in range(200)]
        fake_llm.responder = lambda m: json.dumps(
            {"overview": "Long call.", "key_points": [f"{p}{first_stamp(m)}" for p in points]}  # cited, as asked
        )
        pressed = emulator.press(user, failure, encode(RetryCall(1)))
        await emulator.wait_for(
            lambda: any("<b>Open questions</b>" in (m.text or "") for m in emulator.messages(user.id))
        )
        await emulator.wait_for(lambda: emulator.messages(user.id)[0].text.startswith("✅"))
    assert emulator.callback_answers[pressed]["text"] == "Trying again…"
    assert failure.buttons == []
    assert len(emulator.documents(user.id)) == 2  # delivered with the summary once more
    summary = [m for m in emulator.messages(user.id) if m.parse_mode == "HTML"]
    assert len(summary) > 1 and all(len(m.text) <= 4096 for m in summary)  # split for Telegram's limit
    joined = "\n".join(m.text for m in summary)
    assert all(f"• {p}".replace("<", "&lt;").replace(">", "&gt;").replace(" & ", " &amp; ") in joined for p in points)


async def test_cloud_bot_api_downloads_to_a_temporary_file_that_is_removed(
    tmp_path: Path, transcription_service: TranscriptionService, recordings: dict[str, Path]
) -> None:
    emulator = BotApiEmulator(local_mode=False)
    await emulator.start()
    user = TgUser(106)
    try:
        async with running_bot(make_settings(tmp_path, emulator, transcription_service.url)):
            emulator.send_media(user, "audio", recordings["wav"], mime="audio/x-wav", name="standup.wav")
            await emulator.wait_for(lambda: emulator.documents(user.id), timeout=90)
    finally:
        await emulator.stop()
    (doc,) = emulator.documents(user.id)
    assert doc.filename == "standup-1.txt" and "friday" in doc.document.decode().lower()
    assert len(emulator.downloads) == 1  # fetched once over HTTP
    assert list((tmp_path / "work").rglob("*")) == []  # the download was removed after upload


async def test_file_the_service_refuses_gets_its_reason(
    tmp_path: Path,
    emulator: BotApiEmulator,
    transcription_service: TranscriptionService,
) -> None:
    user = TgUser(107)
    fake = tmp_path / "song.mp3"
    fake.write_bytes(b"ID3 this is not really an mp3 " * 200)
    settings = make_settings(tmp_path, emulator, transcription_service.url)
    async with running_bot(settings):
        emulator.send_media(user, "document", fake, mime="audio/mpeg", name="song.mp3")
        status = await emulator.wait_for(lambda: emulator.messages(user.id) and emulator.messages(user.id)[0])
        await emulator.wait_for(lambda: status.text.startswith("❌"), timeout=60)
    assert status.text == "❌ " + EN.error_not_recording  # the service's 415, in the bot's words
    assert status.buttons == []
    db = await Database.open(settings.database_path)
    try:
        (call,) = await db.calls.list_for_user(user.id)
        assert call.status is CallStatus.FAILED and call.error
        assert call.job_id is None  # refused: the id chosen for it names no job, so nothing is left to delete
        assert await db.deletions.all() == []
    finally:
        await db.aclose()
