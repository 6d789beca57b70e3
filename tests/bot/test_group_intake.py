"""How a group's recordings come in (the transcription service is down here: intake only): a mention in reply to a
recording asks for it, automatic mode takes every recording the bot sees, a group off the chat allow-list is
refused, and a burst of answers past the group's rate limit is delivered in full."""

from __future__ import annotations

from pathlib import Path

from bot.texts import EN
from database import Database
from tests.bot.conftest import make_settings
from tests.bot.conversation_support import dead_api
from tests.bot.harness import running_bot
from tests.fakes.bot_api import BotApiEmulator, TgUser
from tests.fakes.bot_api_chats import origin_user

ANN, BOB, ADMIN = TgUser(401, "Ann"), TgUser(402, "Bob"), TgUser(403, "Dora")
STATUS_RECEIVED = "📥"


async def team(emulator: BotApiEmulator, *, admin: bool) -> int:
    chat_id = emulator.create_group("Team", ADMIN, [ANN, BOB], supergroup=True)
    emulator.add_bot(chat_id, ADMIN, admin=admin)
    await emulator.wait_for(lambda: emulator.sent_to(chat_id))  # the introduction
    return chat_id


async def group_calls(path: Path, chat_id: int) -> list[tuple[int | None, int | None]]:
    db = await Database.open(path)
    try:
        return [(c.sender_id, c.message_id) for c in await db.calls.list_for_user(chat_id)]
    finally:
        await db.aclose()


async def test_a_mention_in_reply_asks_and_automatic_mode_takes_every_recording(
    tmp_path: Path, emulator: BotApiEmulator, recordings: dict[str, Path]
) -> None:
    settings = make_settings(tmp_path, emulator, dead_api())
    async with running_bot(settings):
        chat_id = await team(emulator, admin=True)  # an admin bot sees every message, privacy mode or not
        plain = emulator.post_media(chat_id, ANN, "voice", recordings["voice"], mime="audio/ogg")
        assert plain.delivered
        emulator.post_text(chat_id, BOB, "nice one")  # the group's own talk: no answer
        emulator.post_mention(chat_id, BOB, "please", reply_to=plain.message_id)
        await emulator.wait_for(lambda: emulator.replies_to(chat_id, plain.message_id))
        assert (emulator.replies_to(chat_id, plain.message_id)[0].text or "").startswith(STATUS_RECEIVED)
        since = len(emulator.sent_to(chat_id))
        emulator.post_command(chat_id, ADMIN, "settings")
        panel = await emulator.wait_for(lambda: next(iter(emulator.sent_to(chat_id)[since:]), None))
        emulator.press(ADMIN, panel, panel.buttons[0])  # "Automatic mode on"
        await emulator.wait_for(lambda: "on — every recording" in (panel.text or ""))
        forwarded = emulator.post_media(
            chat_id, BOB, "audio", recordings["wav"], mime="audio/x-wav", name="a.wav", forward_origin=origin_user(ANN)
        )
        await emulator.wait_for(lambda: emulator.replies_to(chat_id, forwarded.message_id))
    assert not any("nice one" in (m.text or "") for m in emulator.sent_to(chat_id))
    calls = await group_calls(settings.database_path, chat_id)
    assert sorted(calls) == sorted([(ANN.id, plain.message_id), (BOB.id, forwarded.message_id)])


async def test_a_group_off_the_chat_allow_list_is_refused(
    tmp_path: Path, emulator: BotApiEmulator, recordings: dict[str, Path]
) -> None:
    chat_id = emulator.create_group("Other team", ADMIN, [ANN], supergroup=True)
    settings = make_settings(tmp_path, emulator, dead_api(), allowed_chat_ids=frozenset({-1}))
    async with running_bot(settings):
        emulator.add_bot(chat_id, ADMIN)
        posted = emulator.post_media(chat_id, ANN, "voice", recordings["voice"], mime="audio/ogg")
        emulator.post_command(chat_id, ANN, "transcribe", reply_to=posted.message_id)
        refused = await emulator.wait_for(lambda: emulator.sent_to(chat_id))
    assert [m.text for m in refused] == [EN.groups.chat_not_allowed]  # no introduction, no call
    assert await group_calls(settings.database_path, chat_id) == []


async def test_answers_past_the_groups_rate_limit_all_arrive(tmp_path: Path, emulator: BotApiEmulator) -> None:
    settings = make_settings(tmp_path, emulator, dead_api())
    async with running_bot(settings):
        chat_id = await team(emulator, admin=False)
        emulator.limit_group_messages(count=2, per_seconds=1.0)
        asked = [emulator.post_command(chat_id, BOB, "search", f"word{n}") for n in range(5)]
        for posted in asked:
            await emulator.wait_for(lambda p=posted: emulator.replies_to(chat_id, p.message_id), timeout=30)
    assert emulator.rate_limited  # Telegram said "retry after" at least once, and nothing was lost
    assert all(len(emulator.replies_to(chat_id, p.message_id)) == 1 for p in asked)
