"""A recording posted in a forum topic, through the emulator (privacy mode on) and the real transcription service:
nothing happens until someone answers it with /transcribe; then status, summary, picture and transcript land in the
same topic as replies to the recording, a member asks by replying to the summary, and asking twice makes no second
call."""

from __future__ import annotations

from pathlib import Path

from bot.texts import EN
from database import Database
from tests.bot.conftest import make_settings
from tests.bot.harness import running_bot
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.support.transcription_service import TranscriptionService

ANN, BOB, ADMIN = TgUser(301, "Ann"), TgUser(302, "Bob"), TgUser(303, "Dora")


async def test_a_recording_in_a_topic_is_processed_on_transcribe_and_answered_there(
    tmp_path: Path,
    emulator: BotApiEmulator,
    transcription_service: TranscriptionService,
    recordings: dict[str, Path],
) -> None:
    settings = make_settings(tmp_path, emulator, transcription_service.url)
    chat_id = emulator.create_group("Team", ADMIN, [ANN, BOB], forum=True)
    topic = emulator.create_topic(chat_id, "Weekly sync", ADMIN)
    async with running_bot(settings):
        emulator.add_bot(chat_id, ADMIN)  # a plain member: privacy mode decides what it sees
        await emulator.wait_for(lambda: emulator.sent_to(chat_id))
        posted = emulator.post_media(chat_id, ANN, "voice", recordings["voice"], thread=topic, mime="audio/ogg")
        assert not posted.delivered  # privacy mode: a recording alone never reaches the bot
        asked = emulator.post_command(chat_id, BOB, "transcribe", thread=topic, reply_to=posted.message_id)
        assert asked.delivered
        await emulator.wait_for(lambda: any(m.document for m in emulator.sent_to(chat_id)), timeout=120)
        status = emulator.replies_to(chat_id, posted.message_id)[0]
        await emulator.wait_for(lambda: (status.text or "").startswith("✅"))
        about_call = emulator.replies_to(chat_id, posted.message_id)
        assert {m.thread_id for m in about_call} == {topic}
        assert any(m.document for m in about_call) and any(m.photo for m in about_call)
        summary = next(m for m in about_call if m.parse_mode == "HTML")
        emulator.post_command(chat_id, ADMIN, "transcribe", thread=topic, reply_to=posted.message_id)
        question = emulator.post_text(chat_id, BOB, "what was said about friday?", reply_to=summary.message_id)
        assert question.delivered  # a reply to the bot reaches it under privacy mode
        answer = await emulator.wait_for(lambda: emulator.replies_to(chat_id, question.message_id))
        assert answer[0].thread_id == topic and "friday" in (answer[0].text or "").lower()
    db = await Database.open(settings.database_path)
    try:
        (call,) = await db.calls.list_for_user(chat_id)  # the group's call; asking twice made no second one
        assert (call.sender_id, call.thread_id, call.message_id) == (ANN.id, topic, posted.message_id)
        assert await db.calls.list_for_user(BOB.id) == [] and await db.calls.list_for_user(ANN.id) == []
    finally:
        await db.aclose()
    assert EN.groups.intro in [m.text for m in emulator.sent_to(chat_id)]
