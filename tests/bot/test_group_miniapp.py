"""The Mini App from a group: Telegram allows no Web App button there, so a group's call gets a link to the Mini App's
direct link (``t.me/<bot>/<app>?startapp=<opaque>``); the Mini App opens that call for whoever is a member of the
group now — checked against their own signed initData and getChatMember — and for nobody else."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from bot.buttons.codec import encode
from bot.calls.buttons import PickCall
from tests.bot.conversation_support import dead_api
from tests.bot.harness import running_bot
from tests.bot.miniapp_support import get, keep_audio, local_base, miniapp_settings
from tests.bot.test_groups import ADMIN, ANN, BOB, group_with_bot, reply, seed_group_call
from tests.fakes.bot_api import BotApiEmulator, BotMessage
from tests.fakes.telegram_webapp import init_data

STRANGER = 299


def link_buttons(message: BotMessage) -> list[str]:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    return [button["url"] for row in rows for button in row if "url" in button]


async def test_a_groups_call_opens_in_the_mini_app_for_its_members_only(
    tmp_path: Path, emulator: BotApiEmulator, recordings: dict[str, Path]
) -> None:
    settings = miniapp_settings(tmp_path, emulator, dead_api(), miniapp_short_name="calls")
    chat_id = await group_with_bot(emulator)
    call_id = await seed_group_call(settings.database_path, chat_id, ANN)
    kept = await keep_audio(settings, chat_id, call_id, recordings["wav"])
    base, token = local_base(settings), emulator.token
    async with running_bot(settings):
        await reply(emulator, chat_id, 0)  # the introduction
        since = len(emulator.sent_to(chat_id))
        emulator.post_command(chat_id, BOB, "calls")
        listing = await reply(emulator, chat_id, since)
        emulator.press(BOB, listing, encode(PickCall(call_id)))
        menu = await reply(emulator, chat_id, since + 1)
        assert menu.web_apps == []  # Telegram refuses Web App buttons in groups
        (link,) = link_buttons(menu)
        parts = urlsplit(link)
        assert (parts.netloc, parts.path) == ("t.me", "/call_test_bot/calls")
        (param,) = parse_qs(parts.query)["startapp"]
        assert str(call_id) in param and param != f"c{call_id}"  # names the call, signed

        page = await get(base, f"api/calls/{call_id}", init_data(token, BOB.id, start_param=param))
        assert page.status_code == 200 and "March" in page.text
        audio = await get(base, page.json()["audio"])
        assert audio.status_code == 200 and audio.content == kept.read_bytes()
        forged = f"c{call_id}_" + "A" * 22
        for refused in (
            init_data(token, BOB.id),  # opened without the group's link: Bob has no call of his own
            init_data(token, BOB.id, start_param=forged),
            init_data(token, STRANGER, start_param=param),  # the link, but not in the group
        ):
            answer = await get(base, f"api/calls/{call_id}", refused)
            assert answer.status_code == 404 and "March" not in answer.text
        emulator.remove_member(chat_id, BOB, by=ADMIN)
        left = await get(base, f"api/calls/{call_id}", init_data(token, BOB.id, start_param=param))
        assert left.status_code == 404  # at once: the chat_member update forgot what was cached
