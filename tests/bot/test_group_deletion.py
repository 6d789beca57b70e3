"""A group's data goes as a user's does: the bot removed from the group keeps the calls (and says so when it is added
back, and in /settings); then an admin's "Delete all of this group's calls" leaves no word of the call in the SQLite
file or its WAL, no audio copy, no job on the transcription service — and a member's private call stays."""

from __future__ import annotations

from pathlib import Path

from bot.buttons.codec import encode
from bot.deletion.buttons import DeleteAll, DeleteAllConfirmed
from bot.texts import EN
from database import Database
from tests.bot.conversation_support import StoredCall, seed
from tests.bot.harness import running_bot
from tests.bot.miniapp_support import miniapp_settings
from tests.bot.test_deletion import CALL_WORDS, gone, nothing_left, traces
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.support.transcription_service import TranscriptionService
from tests.support.waiting import eventually

ANN, BOB, ADMIN = TgUser(521, "Ann"), TgUser(522, "Bob"), TgUser(523, "Dora")
PRIVATE = StoredCall("Ann's own", [("SPEAKER_00", "A private note about the quarterly zeppelin.")])


async def test_a_groups_data_survives_the_bots_removal_and_goes_when_an_admin_deletes_it(
    tmp_path: Path,
    emulator: BotApiEmulator,
    transcription_service: TranscriptionService,
    recordings: dict[str, Path],
) -> None:
    settings = miniapp_settings(tmp_path, emulator, transcription_service.url)
    await seed(settings.database_path, ANN.id, [PRIVATE])
    chat_id = emulator.create_group("Team", ADMIN, [ANN, BOB], supergroup=True)
    async with running_bot(settings):
        emulator.add_bot(chat_id, ADMIN)
        await emulator.wait_for(lambda: emulator.sent_to(chat_id))
        posted = emulator.post_media(chat_id, ANN, "voice", recordings["voice"], mime="audio/ogg")
        emulator.post_command(chat_id, BOB, "transcribe", reply_to=posted.message_id)
        (document,) = await emulator.wait_for(lambda: [m for m in emulator.sent_to(chat_id) if m.document], timeout=90)
        summary = next(m for m in emulator.sent_to(chat_id) if m.parse_mode == "HTML")
        question = emulator.post_text(chat_id, BOB, "who pays for the hosting?", reply_to=summary.message_id)
        await emulator.wait_for(lambda: emulator.replies_to(chat_id, question.message_id))
        db = await Database.open(settings.database_path)
        try:
            jobs = [c.job_id for c in await db.calls.list_for_user(chat_id) if c.job_id]
        finally:
            await db.aclose()
        words = {w.strip(".,?!").lower() for w in document.document.decode().split()} & CALL_WORDS
        assert len(words) >= 4 and traces(settings.database_path, words), words  # the scan can see them
        assert len(list(settings.audio_folder.iterdir())) == 1

        emulator.remove_bot(chat_id, ADMIN)  # the calls stay; the bot cannot say so until it is back
        emulator.add_bot(chat_id, ADMIN)
        await emulator.wait_for(lambda: any(m.text == EN.groups.back_again for m in emulator.sent_to(chat_id)))
        assert traces(settings.database_path, words) != set()  # still there after the bot's removal
        since = len(emulator.sent_to(chat_id))
        emulator.post_command(chat_id, ADMIN, "settings")
        panel = await emulator.wait_for(lambda: next(iter(emulator.sent_to(chat_id)[since:]), None))
        assert (panel.text or "").endswith(EN.groups.removed_note)
        emulator.press(ADMIN, panel, encode(DeleteAll()))
        await emulator.wait_for(lambda: encode(DeleteAllConfirmed()) in panel.buttons)
        emulator.press(ADMIN, panel, encode(DeleteAllConfirmed()))
        await emulator.wait_for(lambda: panel.text == EN.deleted_all, timeout=60)
        assert traces(settings.database_path, words) == set()  # file and WAL, while the bot still runs
        assert list(settings.audio_folder.iterdir()) == []
        assert len(jobs) == 1
        await eventually(lambda: gone(transcription_service, jobs[0]), "the job is gone from the service", timeout=60)
        await eventually(lambda: nothing_left(settings.database_path, chat_id), "no deletion is pending", timeout=60)
    assert traces(settings.database_path, {"zeppelin"}) == {"zeppelin"}  # Ann's private call is hers, untouched
