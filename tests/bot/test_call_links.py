"""Sharing a call by a link, through the real bot and the Bot API emulator, on stored calls: the owner makes a
link from the call's menu; a reader who opens it reads the summary and transcript and asks about it — and nothing
else (forged buttons refused, the call never in their /calls, the owner's conversation untouched); revoking and
expiry (a moved clock) stop it at once; unknown links, and links to deleted calls, say so."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from bot.buttons.codec import encode
from bot.calls.buttons import PickCall, RenameCall
from bot.deletion.buttons import DeleteAllConfirmed, DeleteCallConfirmed
from bot.exports.formats import EXPORT_FORMATS
from bot.sharing.buttons import (
    AskShared,
    MakeLink,
    RevokeLink,
    ShareCall,
    SharedExport,
    SharedFormats,
    SharedPicture,
    SharedSummary,
)
from bot.sharing.service import CallSharing
from bot.texts import EN, RU
from database import Database
from tests.bot.conftest import make_settings
from tests.bot.conversation_support import StoredCall, citing_responder, dead_api, seed
from tests.bot.harness import running_bot
from tests.fakes.bot_api import BotApiEmulator, BotMessage, TgUser
from tests.fakes.llm_server import FakeLLM

PLANNING = StoredCall(
    "Planning",
    [
        ("SPEAKER_00", "Welcome everyone, today we plan the release and the budget."),
        ("SPEAKER_01", "The budget for the release is forty thousand dollars."),
        ("SPEAKER_00", "I will write the release notes myself this week."),
    ],
)
LINK = re.compile(r"https://t\.me/call_test_bot\?start=(s_[A-Za-z0-9_-]{32})")
S = EN.sharing
ANSWERED = {"text": None, "show_alert": False}


class Chat:
    """One user's side of the conversation with the bot."""

    def __init__(self, emulator: BotApiEmulator, user: TgUser) -> None:
        self.emulator, self.user = emulator, user

    def count(self) -> int:
        return len(self.emulator.messages(self.user.id))

    async def send(self, text: str, replies: int = 1) -> list[BotMessage]:
        before = self.count()
        self.emulator.send_text(self.user, text)
        await self.emulator.wait_for(lambda: self.count() >= before + replies, what=f"the reply to {text!r}")
        return self.emulator.messages(self.user.id)[before:]

    async def press(self, message: BotMessage, data: str) -> dict[str, object]:
        query = self.emulator.press(self.user, message, data)
        return dict(await self.emulator.wait_for(lambda: self.emulator.callback_answers.get(query)))

    async def press_for(self, message: BotMessage, data: str, replies: int = 1) -> list[BotMessage]:
        before = self.count()
        await self.press(message, data)
        await self.emulator.wait_for(lambda: self.count() >= before + replies, what=f"the reply to {data}")
        return self.emulator.messages(self.user.id)[before:]


def refused(text: str) -> dict[str, object]:
    return {"text": text, "show_alert": True}


async def make_link(owner: Chat, call_id: int, expiry: str) -> tuple[str, BotMessage]:
    """/share → an expiry → the link, as the owner sees it (the message edited in place)."""
    (offer,) = await owner.send("/share")
    assert offer.buttons == [encode(MakeLink(call_id, choice)) for choice in ("1d", "7d", "never")]
    await owner.press(offer, encode(MakeLink(call_id, expiry)))
    await owner.emulator.wait_for(lambda: LINK.search(offer.text or ""))
    found = LINK.search(offer.text or "")
    assert found is not None
    return found.group(1), offer


async def test_a_link_gives_read_only_access_until_it_is_revoked(tmp_path: Path, emulator: BotApiEmulator) -> None:
    owner, reader, stranger = Chat(emulator, TgUser(601)), Chat(emulator, TgUser(602)), Chat(emulator, TgUser(603))
    settings = make_settings(tmp_path, emulator, dead_api())
    (call_id,) = await seed(settings.database_path, owner.user.id, [PLANNING])
    async with running_bot(settings):
        (listing,) = await owner.send("/calls")
        (menu,) = await owner.press_for(listing, encode(PickCall(call_id)))
        assert encode(ShareCall(call_id)) in menu.buttons
        (offer,) = await owner.press_for(menu, encode(ShareCall(call_id)))
        assert offer.text == S.choose_expiry.format(title="Planning")
        await owner.press(offer, encode(MakeLink(call_id, "7d")))
        await emulator.wait_for(lambda: LINK.search(offer.text or ""))
        token = LINK.search(offer.text or "").group(1)  # type: ignore[union-attr]
        assert "until 20" in (offer.text or "")
        post = offer.reply_markup["inline_keyboard"][0][0]  # type: ignore[index]
        assert post["url"].startswith("https://t.me/share/url?url=https%3A%2F%2Ft.me%2Fcall_test_bot%3Fstart%3Ds_")
        share_id = int(offer.buttons[0].split(":")[1])
        assert offer.buttons == [encode(RevokeLink(share_id))]

        opened = await reader.send(f"/start {token}", replies=2)
        assert opened[0].text == S.opened.format(title="Planning")
        summary = opened[-1]
        assert summary.parse_mode == "HTML" and "release notes myself" in (summary.text or "")
        reading = [SharedSummary, SharedFormats, SharedPicture, AskShared]
        assert summary.buttons == [encode(family(share_id)) for family in reading]
        (formats,) = await reader.press_for(summary, encode(SharedFormats(share_id)))
        assert formats.buttons == [encode(SharedExport(share_id, fmt)) for fmt in EXPORT_FORMATS]
        (document,) = await reader.press_for(formats, encode(SharedExport(share_id, "txt")))
        assert "I will write the release notes myself" in (document.document or b"").decode()
        assert document.filename == f"Planning-{call_id}.txt"
        (picture,) = await reader.press_for(summary, encode(SharedPicture(share_id)))
        assert (picture.photo or b"").startswith(b"\x89PNG")
        (prompt,) = await reader.press_for(summary, encode(AskShared(share_id)))
        assert prompt.text == S.ask_prompt.format(title="Planning")
        (answer,) = await reader.send("Who writes the release notes?")
        assert "release notes myself" in (answer.text or "") and answer.parse_mode == "HTML"
        assert answer.buttons == summary.buttons  # ask again, or read on

        assert (await reader.send("/calls"))[0].text == EN.calls_empty  # never among the reader's own calls
        assert (await reader.send("What is the budget?"))[0].text == EN.no_call  # plain questions: their own calls
        forged = {
            encode(DeleteCallConfirmed(call_id)): refused(EN.not_your_call),
            encode(RenameCall(call_id)): refused(EN.not_your_call),
            encode(PickCall(call_id)): refused(EN.not_your_call),
            encode(ShareCall(call_id)): refused(EN.not_your_call),
            encode(MakeLink(call_id, "never")): refused(EN.not_your_call),
            encode(RevokeLink(share_id)): refused(S.link_gone),  # only the owner revokes
            f"ssm1:{share_id}:1": refused(S.no_access),  # malformed: the family's own answer
        }
        assert {data: await reader.press(summary, data) for data in forged} == forged
        assert await stranger.press(summary, encode(SharedSummary(share_id))) == refused(S.no_access)  # not opened

        (shared,) = await owner.send("/shared")
        assert re.fullmatch(
            r"Your shared links \(1 of 1\):\n1\. “Planning” — made .*, until .*, opened by 1", shared.text or ""
        )
        (prompt,) = await reader.press_for(summary, encode(AskShared(share_id)))  # a question on its way…
        await owner.press(shared, encode(RevokeLink(share_id)))
        await emulator.wait_for(lambda: (shared.text or "").startswith("🚫"))
        assert shared.text == S.revoked.format(title="Planning") and shared.buttons == []
        assert (await reader.send("And the budget?"))[0].text == S.no_access  # …is refused: revoked at once
        assert await reader.press(summary, encode(SharedSummary(share_id))) == refused(S.no_access)
        assert (await reader.send(f"/start {token}"))[0].text == S.link_revoked
        assert (await owner.send("/shared"))[0].text == S.shared_empty

    db = await Database.open(settings.database_path)
    try:
        call = await db.calls.get(owner.user.id, call_id)
        assert call is not None and call.title == "Planning"  # nothing the reader pressed changed it
        assert await db.chat.history(owner.user.id, call_id) == []  # the reader's question is not the owner's
        async with db.conn.execute("SELECT * FROM call_shares") as cur:
            (row,) = await cur.fetchall()
        assert hashlib.sha256(token.encode()).hexdigest() in row and not any(token in str(v) for v in row)
        assert await db.shares.grants_of(reader.user.id) == 0
    finally:
        await db.aclose()


async def test_an_expired_link_stops_at_once_and_never_links_keep_working(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    owner, reader, late = (
        Chat(emulator, TgUser(611)),
        Chat(emulator, TgUser(612, language_code="ru")),
        Chat(emulator, TgUser(613)),
    )
    settings = make_settings(tmp_path, emulator, dead_api())
    (call_id,) = await seed(settings.database_path, owner.user.id, [PLANNING])
    async with running_bot(settings) as application:
        sharing: CallSharing = application.bot_data.runtime.sharing  # type: ignore[union-attr]
        start = sharing.clock()
        day, _ = await make_link(owner, call_id, "1d")
        forever, _ = await make_link(owner, call_id, "never")
        opened = await reader.send(f"/start {day}", replies=2)
        assert opened[0].text == RU.sharing.opened.format(title="Planning")  # in the reader's language
        summary = opened[-1]
        day_id = int(summary.buttons[0].split(":")[1])
        sharing.clock = lambda: start + 86400 - 60
        assert await reader.press(summary, encode(SharedSummary(day_id))) == ANSWERED
        sharing.clock = lambda: start + 86400 + 1  # a day later
        assert await reader.press(summary, encode(SharedSummary(day_id))) == refused(RU.sharing.no_access)
        assert (await late.send(f"/start {day}"))[0].text == S.link_expired
        (shared,) = await owner.send("/shared")
        assert "expired" in (shared.text or "").splitlines()[2] and "no expiry" in (shared.text or "").splitlines()[1]
        sharing.clock = lambda: start + 10 * 365 * 86400
        assert (await late.send(f"/start {forever}", replies=2))[0].text == S.opened.format(title="Planning")


async def test_unknown_links_own_links_groups_deleted_readers_and_deleted_calls(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    owner, reader = Chat(emulator, TgUser(621)), Chat(emulator, TgUser(622))
    settings = make_settings(tmp_path, emulator, dead_api())
    (call_id,) = await seed(settings.database_path, owner.user.id, [PLANNING])
    async with running_bot(settings):
        token, _ = await make_link(owner, call_id, "never")
        for unknown in ("s_" + "A" * 32, token[:-1], token + "x", "hello", "s_../../etc"):
            assert (await reader.send(f"/start {unknown}"))[0].text == S.link_unknown
        assert (await reader.send("/start"))[0].text == EN.start
        assert (await owner.send(f"/start {token}"))[0].text == S.link_own.format(title="Planning")
        group = emulator.create_group("Team", owner.user, [reader.user])
        emulator.add_bot(group, owner.user)
        emulator.post_command(group, reader.user, "start", token)  # a group would see the call
        refusals = await emulator.wait_for(
            lambda: [m for m in emulator.sent_to(group) if m.text == S.link_private_only]
        )
        assert len(refusals) == 1
        summary = (await reader.send(f"/start {token}", replies=2))[-1]
        share_id = int(summary.buttons[0].split(":")[1])
        (confirm,) = await reader.send("/delete")  # the reader deletes all their data: their access goes
        await reader.press(confirm, encode(DeleteAllConfirmed()))
        await emulator.wait_for(lambda: confirm.text == EN.deleted_all)
        assert await reader.press(summary, encode(SharedSummary(share_id))) == refused(S.no_access)
        summary = (await reader.send(f"/start {token}", replies=2))[-1]  # the link itself still works
        assert await reader.press(summary, encode(SharedSummary(share_id))) == ANSWERED
        (offer,) = await owner.send("/share")
        await owner.press(offer, encode(DeleteCallConfirmed(call_id)))  # the owner deletes the call
        await emulator.wait_for(lambda: (offer.text or "").startswith("🗑"))
        assert await reader.press(summary, encode(SharedSummary(share_id))) == refused(S.no_access)
        assert (await reader.send(f"/start {token}"))[0].text == S.link_unknown


async def test_a_readers_questions_never_see_or_join_the_owners_conversation(
    tmp_path: Path, emulator: BotApiEmulator, fake_llm: FakeLLM
) -> None:
    owner, reader = Chat(emulator, TgUser(631)), Chat(emulator, TgUser(632))
    fake_llm.responder = citing_responder
    settings = make_settings(tmp_path, emulator, dead_api(), llm_base_url=fake_llm.base_url)
    (call_id,) = await seed(settings.database_path, owner.user.id, [PLANNING])
    async with running_bot(settings):
        await owner.send("Is the Zanzibar merger still secret?")  # the owner's own conversation about the call
        token, _ = await make_link(owner, call_id, "7d")
        summary = (await reader.send(f"/start {token}", replies=2))[-1]
        share_id = int(summary.buttons[0].split(":")[1])
        asked = len(fake_llm.requests)
        await reader.press_for(summary, encode(AskShared(share_id)))
        (answer,) = await reader.send("Who writes the release notes?")
        assert "[00:12 · Speaker 1]" in (answer.text or "")  # grounded in the shared call, as the owner's are
        await reader.press_for(answer, encode(AskShared(share_id)))
        await reader.send("And by when?")
    seen = json.dumps(fake_llm.requests[asked:])
    assert "Who writes the release notes?" in seen and "Zanzibar" not in seen  # no owner's turn shown to the model
    db = await Database.open(settings.database_path)
    try:
        history = await db.chat.history(owner.user.id, call_id)
    finally:
        await db.aclose()
    assert [role for role, _ in history] == ["user", "assistant"] and "Zanzibar" in history[0][1]  # only the owner's
