"""The Bot API emulator's groups, driven by python-telegram-bot's own Bot client over HTTP: what reaches a bot in
privacy mode, topics and replies, members and admins, forwarded recordings, buttons in groups, the rate limit."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
from telegram import (
    Bot,
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    ChatMemberRestricted,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
    ReplyParameters,
    Update,
    WebAppInfo,
)
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter

from tests.fakes.bot_api import (
    BotApiEmulator,
    TgUser,
    origin_channel,
    origin_chat,
    origin_hidden_user,
    origin_user,
)

ALICE, BOB, CAROL = TgUser(7001, "Alice"), TgUser(7002, "Bob"), TgUser(7003, "Carol", language_code="ru")
OTHER_BOT = TgUser(7099, "Helper", is_bot=True, username="other_helper_bot")


class Inbox:
    """The updates the bot fetches with getUpdates, in order, each fetched once (as PTB's updater does)."""

    def __init__(self, bot: Bot) -> None:
        self.bot, self.offset = bot, 0

    async def fetch(self, allowed_updates: Sequence[str] | None = None) -> list[Update]:
        updates = await self.bot.get_updates(offset=self.offset, timeout=0, allowed_updates=allowed_updates)
        if updates:
            self.offset = updates[-1].update_id + 1
        return list(updates)


@pytest.fixture
async def bot(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    async with Bot(emulator.token, base_url=emulator.base_url, base_file_url=emulator.file_url) as client:
        yield client


def voice_file(tmp_path: Path) -> Path:
    path = tmp_path / "voice.ogg"
    path.write_bytes(b"OggS" + bytes(2000))
    return path


async def test_privacy_mode_delivers_only_what_is_meant_for_the_bot(emulator: BotApiEmulator, bot: Bot) -> None:
    inbox = Inbox(bot)
    assert (await bot.get_me()).can_read_all_group_messages is False  # privacy mode is on for a new bot
    group = emulator.create_group("Team", ALICE, [BOB])
    emulator.add_bot(group, by=ALICE)
    (joined, added) = await inbox.fetch()
    assert joined.my_chat_member is not None and joined.my_chat_member.new_chat_member.status == "member"
    assert added.message is not None and added.message.new_chat_members[0].id == bot.id  # a service message

    assert not emulator.post_text(group, BOB, "lunch at noon?").delivered
    assert not emulator.post_command(group, BOB, "transcribe", to_bot=False).delivered  # the bot has not spoken
    addressed = emulator.post_command(group, BOB, "transcribe", "now")
    assert not emulator.post_mention(group, ALICE, "what did we decide?").delivered  # a mention alone is not
    (command,) = await inbox.fetch()
    assert command.effective_chat is not None and command.effective_chat.type == "group"
    assert command.message is not None and command.message.message_id == addressed.message_id
    assert list(command.message.parse_entities(["bot_command"]).values()) == ["/transcribe@call_test_bot"]

    intro = await bot.send_message(group, "Hello, team")
    bare = emulator.post_command(group, BOB, "calls", to_bot=False)  # now the bot was the last to post
    reply = emulator.post_text(group, ALICE, "thanks", reply_to=intro.message_id)
    mention = emulator.post_mention(group, BOB, "and the date?", reply_to=intro.message_id)  # a reply: delivered
    assert bare.delivered and reply.delivered and mention.delivered
    (_, replied, mentioned) = await inbox.fetch()
    assert replied.message is not None and replied.message.reply_to_message is not None
    assert replied.message.reply_to_message.text == "Hello, team"
    assert mentioned.message is not None
    assert list(mentioned.message.parse_entities(["mention"]).values()) == ["@call_test_bot"]

    emulator.post_text(group, OTHER_BOT, "I am a bot too")
    assert not emulator.post_command(group, BOB, "calls", to_bot=False).delivered  # another bot spoke last
    assert [why for _, _, why in emulator.withheld][-2:] == [
        "bots never get other bots' messages",
        "privacy mode: not meant for the bot",
    ]


async def test_an_admin_bot_or_one_without_privacy_mode_gets_every_message_but_other_bots(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    inbox = Inbox(bot)
    group = emulator.create_group("Admins", ALICE, [BOB], supergroup=True)
    emulator.add_bot(group, by=ALICE, admin=True)
    await inbox.fetch()
    assert emulator.post_text(group, BOB, "plain chatter").delivered
    assert not emulator.post_text(group, OTHER_BOT, "bot chatter").delivered

    emulator.privacy_mode = False
    other = emulator.create_group("Open", ALICE, [BOB])
    emulator.add_bot(other, by=ALICE)
    assert emulator.post_text(other, BOB, "plain chatter").delivered
    assert emulator.post_mention(other, BOB, "hello").delivered
    assert (await bot.get_me()).can_read_all_group_messages is True


async def test_forum_topics_and_replies_land_where_the_bot_put_them(
    emulator: BotApiEmulator, bot: Bot, tmp_path: Path
) -> None:
    inbox = Inbox(bot)
    forum = emulator.create_group("Forum", ALICE, [BOB], forum=True)
    emulator.add_bot(forum, by=ALICE, admin=True)
    topic = emulator.create_topic(forum, "Weekly sync", by=ALICE)
    recording = emulator.post_media(forum, BOB, "voice", voice_file(tmp_path), thread=topic, mime="audio/ogg")
    updates = await inbox.fetch()
    posted = updates[-1].message
    assert posted is not None and posted.voice is not None
    assert posted.message_thread_id == topic and posted.is_topic_message
    assert posted.reply_to_message is not None and posted.reply_to_message.forum_topic_created is not None
    assert (await bot.get_chat(forum)).is_forum

    quoted = await bot.send_message(forum, "📥 Received", reply_parameters=ReplyParameters(recording.message_id))
    assert quoted.message_thread_id == topic and quoted.reply_to_message is not None  # the reply found its topic
    assert quoted.reply_to_message.message_id == recording.message_id
    answer = await posted.reply_text("on it")  # PTB passes the topic itself
    general = await bot.send_message(forum, "to General")
    assert [(m.text, m.thread_id, m.reply_to) for m in emulator.sent_to(forum)] == [
        ("📥 Received", topic, recording.message_id),
        ("on it", topic, recording.message_id),
        ("to General", None, None),
    ]
    assert answer.message_thread_id == topic and general.message_thread_id is None
    assert [m.text for m in emulator.replies_to(forum, recording.message_id)] == ["📥 Received", "on it"]
    assert [m.text for m in emulator.sent_to(forum, thread=topic)] == ["📥 Received", "on it"]
    assert emulator.sent_to(forum)[0].reply_parameters == {"message_id": recording.message_id}

    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(forum, "lost", message_thread_id=424242)
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(forum, "lost", reply_parameters=ReplyParameters(424242))
    alone = await bot.send_message(
        forum, "anyway", reply_parameters=ReplyParameters(424242, allow_sending_without_reply=True)
    )
    assert alone.reply_to_message is None and emulator.sent_to(forum)[-1].reply_to is None


async def test_forwarded_recordings_keep_their_origin(emulator: BotApiEmulator, bot: Bot, tmp_path: Path) -> None:
    inbox = Inbox(bot)
    emulator.privacy_mode = False
    group = emulator.create_group("Team", ALICE, [BOB])
    emulator.add_bot(group, by=ALICE)
    emulator.post_media(group, BOB, "audio", voice_file(tmp_path), forward_origin=origin_user(CAROL), name="a.ogg")
    emulator.post_media(group, BOB, "document", voice_file(tmp_path), forward_origin=origin_hidden_user("Dan"))
    emulator.post_media(group, BOB, "video", voice_file(tmp_path), forward_origin=origin_channel(-1009, "News", 77))
    emulator.post_media(group, BOB, "voice", voice_file(tmp_path), forward_origin=origin_chat(-1008, "Old team"))
    *_, from_carol, from_dan, from_channel, from_chat = await inbox.fetch()
    assert from_channel.message is not None and isinstance(from_channel.message.forward_origin, MessageOriginChannel)
    assert from_channel.message.forward_origin.message_id == 77 and from_channel.message.video is not None
    assert from_chat.message is not None and isinstance(from_chat.message.forward_origin, MessageOriginChat)
    assert from_chat.message.forward_origin.sender_chat.title == "Old team"
    assert from_carol.message is not None and isinstance(from_carol.message.forward_origin, MessageOriginUser)
    assert from_carol.message.forward_origin.sender_user.id == CAROL.id and from_carol.message.audio is not None
    assert from_dan.message is not None and isinstance(from_dan.message.forward_origin, MessageOriginHiddenUser)
    assert from_dan.message.forward_origin.sender_user_name == "Dan"
    assert from_dan.message.document is not None
    assert (await bot.get_file(from_dan.message.document.file_id)).file_path  # its file is there to fetch


async def test_members_admins_and_their_updates(emulator: BotApiEmulator, bot: Bot) -> None:
    inbox = Inbox(bot)
    group = emulator.create_group("Team", ALICE, [BOB], supergroup=True)
    emulator.add_bot(group, by=ALICE)
    await inbox.fetch(["message", "my_chat_member", "chat_member", "callback_query"])
    emulator.add_member(group, CAROL, by=BOB)
    assert [kind for kind, _, _ in emulator.withheld] == ["chat_member"]  # the bot is no admin
    joined = await inbox.fetch()
    assert joined[0].message is not None and joined[0].message.new_chat_members[0].id == CAROL.id

    assert emulator.set_bot_status(group, "administrator", by=ALICE) is not None
    (promoted,) = await inbox.fetch()
    assert promoted.my_chat_member is not None and promoted.my_chat_member.new_chat_member.status == "administrator"
    emulator.remove_member(group, CAROL, by=ALICE, kicked=True)
    emulator.set_member_status(group, BOB, "administrator", by=ALICE)
    kicked, left_message, bob_promoted = await inbox.fetch()
    assert kicked.chat_member is not None and kicked.chat_member.new_chat_member.status == "kicked"
    assert kicked.chat_member.old_chat_member.status == "member"
    assert left_message.message is not None and left_message.message.left_chat_member is not None
    assert bob_promoted.chat_member is not None and bob_promoted.chat_member.new_chat_member.status == "administrator"

    dave = TgUser(7004, "Dave")
    emulator.add_member(group, dave)
    emulator.set_member_status(group, dave, "restricted", by=ALICE)
    members = {user.id: await bot.get_chat_member(group, user.id) for user in (ALICE, BOB, CAROL, dave)}
    assert isinstance(members[ALICE.id], ChatMemberOwner) and isinstance(members[BOB.id], ChatMemberAdministrator)
    assert isinstance(members[CAROL.id], ChatMemberBanned) and isinstance(members[dave.id], ChatMemberRestricted)
    assert isinstance(await bot.get_chat_member(group, 424242), ChatMemberLeft)
    emulator.add_member(group, OTHER_BOT, by=ALICE)
    emulator.set_member_status(group, OTHER_BOT, "administrator", by=ALICE)
    admins = {m.user.id for m in await bot.get_chat_administrators(group)}
    assert admins == {ALICE.id, BOB.id, bot.id}  # other bots are left out

    await inbox.fetch([])  # the default set again: no chat_member
    emulator.remove_member(group, dave)
    assert emulator.withheld[-1][0] == "chat_member"
    assert emulator.withheld[-1][2] == "chat_member is not in the bot's allowed_updates"


async def test_a_bot_out_of_the_group_is_refused_there(emulator: BotApiEmulator, bot: Bot) -> None:
    inbox = Inbox(bot)
    group = emulator.create_group("Team", ALICE, [BOB])
    emulator.add_bot(group, by=ALICE)
    assert isinstance(await bot.get_chat_member(group, BOB.id), ChatMemberMember)
    status = await bot.send_message(group, "📥 Received")
    assert await bot.leave_chat(group)
    *_, left = await inbox.fetch()
    assert left.my_chat_member is not None and left.my_chat_member.new_chat_member.status == "left"
    with pytest.raises(Forbidden, match="bot is not a member of the group chat"):
        await bot.send_message(group, "still here?")
    with pytest.raises(Forbidden, match="bot is not a member of the group chat"):
        await status.edit_text("✅ Done")
    assert emulator.sent_to(group)[0].edits == ["📥 Received"]
    assert not emulator.post_command(group, BOB, "calls").delivered

    emulator.add_bot(group, by=ALICE)
    emulator.remove_bot(group, by=ALICE)
    *_, removed = await inbox.fetch()
    assert removed.my_chat_member is not None and removed.my_chat_member.new_chat_member.status == "kicked"
    with pytest.raises(Forbidden, match="bot was kicked from the group chat"):
        await bot.get_chat_member(group, BOB.id)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(-4242, "nowhere")


async def test_buttons_pressed_in_a_topic_name_the_group_and_the_topic(emulator: BotApiEmulator, bot: Bot) -> None:
    inbox = Inbox(bot)
    forum = emulator.create_group("Forum", ALICE, [BOB], forum=True)
    emulator.add_bot(forum, by=ALICE)
    topic = emulator.create_topic(forum, "Calls", by=ALICE)
    web_app_button = InlineKeyboardButton("Open", web_app=WebAppInfo("https://example.org/app"))
    assert await bot.send_message(ALICE.id, "Open", reply_markup=InlineKeyboardMarkup([[web_app_button]]))
    await bot.send_message(
        forum,
        "Summary",
        message_thread_id=topic,
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Transcript", callback_data="t:1")]]),
    )
    with pytest.raises(BadRequest, match="Button_type_invalid"):  # Web Apps open from private chats only
        await bot.send_message(forum, "Open", reply_markup=InlineKeyboardMarkup([[web_app_button]]))
    await inbox.fetch()
    emulator.press(BOB, emulator.sent_to(forum, thread=topic)[0], "t:1")
    (pressed,) = await inbox.fetch()
    query = pressed.callback_query
    assert query is not None and query.from_user.id == BOB.id and query.data == "t:1"
    assert isinstance(query.message, Message) and query.message.message_thread_id == topic
    assert query.message.chat.id == forum and query.message.chat.type == "supergroup"


async def test_the_group_rate_limit_answers_429_and_lifts_with_time(emulator: BotApiEmulator, bot: Bot) -> None:
    now = [1000.0]
    emulator.clock = lambda: now[0]
    emulator.limit_group_messages(count=3, per_seconds=60)
    group = emulator.create_group("Busy", ALICE)
    emulator.add_bot(group, by=ALICE)
    for n in range(3):
        await bot.send_message(group, f"message {n}")
        now[0] += 10
    with pytest.raises(RetryAfter) as refused:
        await bot.send_message(group, "one too many")
    retry_after = refused.value.retry_after  # seconds, or a timedelta where PTB is told to use them
    assert (retry_after if isinstance(retry_after, int) else retry_after.total_seconds()) == 30  # the first ages out
    await bot.send_message(ALICE.id, "private chats are not limited by it")
    now[0] += 29
    with pytest.raises(RetryAfter):
        await bot.send_message(group, "a second too early")
    assert emulator.rate_limited == [(group, 30), (group, 1)]
    now[0] += 1
    await bot.send_message(group, "after the wait")
    assert [m.text for m in emulator.sent_to(group)][-1] == "after the wait"
    assert len(emulator.sent_to(group)) == 4  # the refused one was never sent


async def test_a_group_upgraded_to_a_supergroup_moves_under_a_new_id(emulator: BotApiEmulator, bot: Bot) -> None:
    inbox = Inbox(bot)
    group = emulator.create_group("Team", ALICE, [BOB])
    emulator.add_bot(group, by=ALICE)
    await bot.send_message(group, "Hello, team")
    supergroup = emulator.upgrade_to_supergroup(group, by=ALICE)
    *_, moved_to, moved_from = await inbox.fetch()
    assert moved_to.message is not None and moved_to.message.migrate_to_chat_id == supergroup
    assert moved_from.message is not None and moved_from.message.migrate_from_chat_id == group
    assert moved_from.message.chat.type == "supergroup"
    with pytest.raises(ChatMigrated) as migrated:
        await bot.send_message(group, "still there?")
    assert migrated.value.new_chat_id == supergroup
    assert isinstance(await bot.get_chat_member(supergroup, BOB.id), ChatMemberMember)
    await bot.send_message(supergroup, "moved with you")
    assert [m.text for m in emulator.sent_to(supergroup)] == ["moved with you"]


async def test_replies_in_a_plain_supergroup_form_threads_that_are_no_topics(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    inbox = Inbox(bot)
    emulator.privacy_mode = False
    group = emulator.create_group("Team", ALICE, [BOB], supergroup=True)
    emulator.add_bot(group, by=ALICE)
    root = emulator.post_text(group, ALICE, "the plan")
    first = emulator.post_text(group, BOB, "agreed", reply_to=root.message_id)
    emulator.post_text(group, ALICE, "good", reply_to=first.message_id)
    *_, plain, agreed, good = await inbox.fetch()
    assert plain.message is not None and plain.message.message_thread_id is None
    for message in (agreed.message, good.message):
        assert message is not None and message.message_thread_id == root.message_id and not message.is_topic_message
    answer = await bot.send_message(group, "noted", reply_parameters=ReplyParameters(first.message_id))
    assert answer.message_thread_id == root.message_id and emulator.sent_to(group)[0].thread_id is None
    with pytest.raises(BadRequest, match="Message thread not found"):  # threads are addressed in forums only
        await bot.send_message(group, "into the thread", message_thread_id=root.message_id)


async def test_updates_before_the_first_poll_follow_what_that_poll_asks_for(emulator: BotApiEmulator, bot: Bot) -> None:
    group = emulator.create_group("Team", ALICE, [BOB], supergroup=True)
    emulator.add_bot(group, by=ALICE, admin=True)  # my_chat_member and a service message
    emulator.add_member(group, CAROL)  # a service message and chat_member
    updates = await Inbox(bot).fetch(["message", "chat_member"])
    assert [bool(u.message) for u in updates] == [True, True, False]
    assert updates[2].chat_member is not None and updates[2].chat_member.new_chat_member.user.id == CAROL.id
    assert [(kind, why) for kind, _, why in emulator.withheld] == [
        ("my_chat_member", "my_chat_member is not in the bot's allowed_updates")
    ]
