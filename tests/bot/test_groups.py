"""The bot in group chats, through the Bot API emulator's groups (privacy mode on, as Telegram's default): a group's
calls are its own, members read them, those who left are refused at once, only the sender and admins change them,
forged buttons from another chat change nothing, and an admin deletes all of the group's data."""

from __future__ import annotations

from pathlib import Path

from bot.buttons.codec import encode
from bot.calls.buttons import PickCall, RenameCall
from bot.deletion.buttons import DeleteAll, DeleteAllConfirmed, DeleteCall
from bot.groups.buttons import AUTO_ON, ChangeGroup
from bot.options.buttons import ChooseLanguage, LanguageChoice
from bot.texts import EN, RU
from database import Database
from tests.bot.conftest import make_settings
from tests.bot.conversation_support import StoredCall, dead_api, seed
from tests.bot.harness import running_bot
from tests.fakes.bot_api import BotApiEmulator, BotMessage, TgUser
from tests.support.waiting import eventually

ANN, BOB, CAROL, ADMIN = TgUser(201, "Ann"), TgUser(202, "Bob"), TgUser(203, "Carol"), TgUser(204, "Dora")
GROUP_CALL = StoredCall("Launch planning", [("SPEAKER_00", "We moved the launch to the ninth of March.")])
REFUSALS = {EN.groups.not_member, EN.groups.not_manager, EN.groups.not_manager_command, EN.not_your_call}
PRIVATE_CALL = StoredCall("Salary talk", [("SPEAKER_00", "My private raise is confidential aubergine.")])


async def group_with_bot(emulator: BotApiEmulator, *, admin: bool = True) -> int:
    """A supergroup of Ann, Bob and Carol, created by Dora, with the bot added (an admin: it sees member changes)."""
    chat_id = emulator.create_group("Team", ADMIN, [ANN, BOB, CAROL], supergroup=True)
    emulator.add_bot(chat_id, ADMIN, admin=admin)
    return chat_id


async def seed_group_call(path: Path, chat_id: int, sender: TgUser) -> int:
    (call_id,) = await seed(path, chat_id, [GROUP_CALL])
    db = await Database.open(path)
    try:
        await db.groups.ensure(chat_id, "supergroup", "Team")
        await db.conn.execute("UPDATE calls SET sender_id = ? WHERE id = ?", (sender.id, call_id))
        await db.conn.commit()
    finally:
        await db.aclose()
    return call_id


async def moved(path: Path, chat_id: int) -> bool:
    db = await Database.open(path)
    try:
        return bool(await db.calls.list_for_user(chat_id))
    finally:
        await db.aclose()


async def reply(emulator: BotApiEmulator, chat_id: int, after: int) -> BotMessage:
    return await emulator.wait_for(lambda: next(iter(emulator.sent_to(chat_id)[after:]), None))


async def alert(emulator: BotApiEmulator, query_id: str) -> str:
    answered = await emulator.wait_for(lambda: emulator.callback_answers.get(query_id))
    return str(answered.get("text"))


async def test_a_group_sees_its_own_calls_and_never_a_private_one(tmp_path: Path, emulator: BotApiEmulator) -> None:
    settings = make_settings(tmp_path, emulator, dead_api())
    async with running_bot(settings):
        chat_id = await group_with_bot(emulator)
        intro = await reply(emulator, chat_id, 0)
        assert intro.text == EN.groups.intro
    await seed(settings.database_path, ANN.id, [PRIVATE_CALL])
    await seed_group_call(settings.database_path, chat_id, ANN)
    async with running_bot(settings):
        since = len(emulator.sent_to(chat_id))
        emulator.post_command(chat_id, BOB, "calls")
        listing = await reply(emulator, chat_id, since)
        assert "Launch planning" in (listing.text or "") and "Salary" not in (listing.text or "")
        since = len(emulator.sent_to(chat_id))
        emulator.post_command(chat_id, BOB, "search", "aubergine")
        assert (await reply(emulator, chat_id, since)).text == EN.search_none.format(query="aubergine")
        since = len(emulator.sent_to(chat_id))
        emulator.post_command(chat_id, BOB, "search", "March")
        assert "Launch planning" in ((await reply(emulator, chat_id, since)).text or "")
        since = len(emulator.sent_to(chat_id))
        emulator.post_command(chat_id, BOB, "ask", "what is confidential aubergine?")  # the private call's words
        assert (await reply(emulator, chat_id, since)).text == EN.nothing_relevant
        since = len(emulator.sent_to(chat_id))
        emulator.post_command(chat_id, BOB, "ask", "when did we move the launch?")
        assert "ninth of March" in ((await reply(emulator, chat_id, since)).text or "")
        since = len(emulator.sent_to(chat_id))
        emulator.post_text(chat_id, BOB, "when is the launch?")  # the group's own talk: not for the bot
        emulator.post_mention(chat_id, BOB, "when is the launch?")  # a question by mention
        answer = await reply(emulator, chat_id, since)
        assert "ninth of March" in (answer.text or "") and len(emulator.sent_to(chat_id)) == since + 1
        emulator.send_text(ANN, "/calls")  # in private, Ann sees her own call only
        mine = await emulator.wait_for(lambda: next(iter(emulator.messages(ANN.id)), None))
        assert "Salary talk" in (mine.text or "") and "Launch" not in (mine.text or "")
        emulator.send_text(ANN, "/ask what is confidential aubergine?")  # the same question finds it in private
        await emulator.wait_for(lambda: any("aubergine" in (m.text or "") for m in emulator.messages(ANN.id)))
    assert sum(1 for m in emulator.sent_to(chat_id) if m.text == EN.groups.intro) == 1


async def test_members_who_left_and_non_managers_are_refused(tmp_path: Path, emulator: BotApiEmulator) -> None:
    settings = make_settings(tmp_path, emulator, dead_api(), membership_cache_s=3600)
    chat_id = await group_with_bot(emulator)
    call_id = await seed_group_call(settings.database_path, chat_id, ANN)
    await seed(settings.database_path, ANN.id, [PRIVATE_CALL])
    async with running_bot(settings):
        await reply(emulator, chat_id, 0)  # the introduction, once the bot reads its being added
        since = len(emulator.sent_to(chat_id))
        emulator.post_command(chat_id, BOB, "calls")
        listing = await reply(emulator, chat_id, since)
        assert await alert(emulator, emulator.press(BOB, listing, encode(PickCall(call_id)))) not in REFUSALS
        menu = await reply(emulator, chat_id, since + 1)
        assert encode(DeleteCall(call_id)) in menu.buttons  # the call's menu, in the group
        refused = emulator.press(CAROL, menu, encode(DeleteCall(call_id)))
        assert await alert(emulator, refused) == EN.groups.not_manager
        refused = emulator.press(BOB, menu, encode(RenameCall(call_id)))
        assert await alert(emulator, refused) == EN.groups.not_manager
        emulator.remove_member(chat_id, BOB)  # the chat_member update forgets Bob's cached status at once
        left = emulator.press(BOB, listing, encode(PickCall(call_id)))
        assert await alert(emulator, left) == EN.groups.not_member
        since = len(emulator.sent_to(chat_id))
        emulator.post_command(chat_id, CAROL, "settings")
        assert (await reply(emulator, chat_id, since)).text == EN.groups.not_manager_command
        forged = emulator.press(ANN, listing, encode(ChangeGroup(AUTO_ON)))
        assert await alert(emulator, forged) == EN.groups.not_manager_command
        emulator.send_text(ANN, "/calls")  # a group's call pressed in a private chat is not Ann's there
        private = await emulator.wait_for(lambda: next(iter(emulator.messages(ANN.id)), None))
        assert await alert(emulator, emulator.press(ANN, private, encode(DeleteCall(call_id)))) == EN.not_your_call
        sender = emulator.press(ANN, menu, encode(DeleteCall(call_id)))  # the recording's sender may delete it
        assert await alert(emulator, sender) not in REFUSALS
    db = await Database.open(settings.database_path)
    try:
        group = await db.groups.get(chat_id)
        assert group is not None and not group.auto_mode
        assert [c.title for c in await db.calls.list_for_user(chat_id)] == ["Launch planning"]
    finally:
        await db.aclose()


async def test_an_admin_deletes_all_of_the_groups_data(tmp_path: Path, emulator: BotApiEmulator) -> None:
    settings = make_settings(tmp_path, emulator, dead_api())
    chat_id = await group_with_bot(emulator)
    await seed_group_call(settings.database_path, chat_id, ANN)
    await seed(settings.database_path, ANN.id, [PRIVATE_CALL])
    async with running_bot(settings):
        await reply(emulator, chat_id, 0)  # the introduction
        since = len(emulator.sent_to(chat_id))
        emulator.post_command(chat_id, ADMIN, "settings")
        panel = await reply(emulator, chat_id, since)
        assert panel.text is not None and panel.text.startswith("⚙️") and encode(DeleteAll()) in panel.buttons
        emulator.press(ADMIN, panel, encode(ChangeGroup(AUTO_ON)))
        await emulator.wait_for(lambda: "on — every recording" in (panel.text or ""))
        refused = emulator.press(ANN, panel, encode(DeleteAllConfirmed()))  # the sender of a call is no admin
        assert await alert(emulator, refused) == EN.groups.not_manager_command
        emulator.press(ADMIN, panel, encode(DeleteAll()))
        await emulator.wait_for(lambda: encode(DeleteAllConfirmed()) in panel.buttons)
        emulator.press(ADMIN, panel, encode(DeleteAllConfirmed()))
        await emulator.wait_for(lambda: panel.text == EN.deleted_all, timeout=30)
    db = await Database.open(settings.database_path)
    try:
        assert await db.calls.list_for_user(chat_id) == [] and await db.users.get(chat_id) is None
        assert [c.title for c in await db.calls.list_for_user(ANN.id)] == ["Salary talk"]
        rows = await (await db.conn.execute("SELECT COUNT(*) FROM segments WHERE text LIKE '%March%'")).fetchone()
        assert rows == (0,)
    finally:
        await db.aclose()


async def test_the_groups_language_is_set_by_its_admins_for_everyone(tmp_path: Path, emulator: BotApiEmulator) -> None:
    settings = make_settings(tmp_path, emulator, dead_api())
    chat_id = await group_with_bot(emulator)
    async with running_bot(settings):
        await reply(emulator, chat_id, 0)  # the introduction
        emulator.post_command(chat_id, BOB, "language")
        assert (await reply(emulator, chat_id, 1)).text == EN.groups.not_manager_command
        emulator.post_command(chat_id, ADMIN, "language")
        menu = await reply(emulator, chat_id, 2)
        emulator.press(ADMIN, menu, encode(ChooseLanguage(LanguageChoice.RU)))
        await emulator.wait_for(lambda: menu.text == RU.language_set)
        since = len(emulator.sent_to(chat_id))
        emulator.post_command(chat_id, BOB, "calls")  # Bob's Telegram is in English; the group's language wins
        assert (await reply(emulator, chat_id, since)).text == RU.calls_empty
        emulator.send_text(BOB, "/calls")  # in private, Bob's own language
        private = await emulator.wait_for(lambda: next(iter(emulator.messages(BOB.id)), None))
        assert private.text == EN.calls_empty


async def test_a_group_upgraded_to_a_supergroup_keeps_its_calls(tmp_path: Path, emulator: BotApiEmulator) -> None:
    settings = make_settings(tmp_path, emulator, dead_api())
    old_id = emulator.create_group("Team", ADMIN, [ANN, BOB])  # a basic group
    emulator.add_bot(old_id, ADMIN)
    call_id = await seed_group_call(settings.database_path, old_id, ANN)
    async with running_bot(settings):
        await reply(emulator, old_id, 0)  # the introduction
        new_id = emulator.upgrade_to_supergroup(old_id, ADMIN)
        await eventually(lambda: moved(settings.database_path, new_id), "the group's calls follow it", timeout=30)
        emulator.post_command(new_id, BOB, "calls")
        listing = await reply(emulator, new_id, 0)
        assert "Launch planning" in (listing.text or "") and encode(PickCall(call_id)) in listing.buttons
    db = await Database.open(settings.database_path)
    try:
        (call,) = await db.calls.list_for_user(new_id)
        assert (call.id, call.chat_id, call.sender_id) == (call_id, new_id, ANN.id)
        assert await db.calls.list_for_user(old_id) == [] and await db.groups.get(old_id) is None
        group = await db.groups.get(new_id)
        assert group is not None and group.kind == "supergroup" and group.introduced_at is not None
    finally:
        await db.aclose()
