"""The "Open call" button: the call in the Mini App (only when BOT_MINIAPP_URL is set). In a private chat a Web App
button; in a group, where Telegram refuses Web App buttons, a link to the Mini App's direct link
``t.me/<bot>/<app>?startapp=<opaque>`` (when BOT_MINIAPP_SHORT_NAME is set): the opaque parameter names the call,
signed, and the Mini App lets in only a current member of the call's group (``bot.buttons.ownership``)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from bot.texts import Texts
from database import Call

START_PARAM = re.compile(r"c([1-9][0-9]{0,14})_([A-Za-z0-9_-]{22})")


def call_page_url(miniapp_url: str, call_id: int) -> str:
    """The page of one call; the page reads the call id from the query and initData from what Telegram adds."""
    return f"{miniapp_url}?call={call_id}"


def open_call_button(miniapp_url: str, call_id: int, texts: Texts) -> InlineKeyboardButton:
    return InlineKeyboardButton(texts.button_open_call, web_app=WebAppInfo(call_page_url(miniapp_url, call_id)))


def start_key(bot_token: str) -> bytes:
    """The key that signs the calls named in direct links (derived from the token: it never leaves the bot)."""
    return hashlib.sha256(b"miniapp start_param\n" + bot_token.encode()).digest()


def _signature(key: bytes, call_id: int) -> str:
    digest = hmac.new(key, f"call:{call_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


def start_param(key: bytes, call_id: int) -> str:
    """``c<call id>_<signature>``: only the characters Telegram allows in ``startapp`` (at most 64 here)."""
    return f"c{call_id}_{_signature(key, call_id)}"


def call_of_start_param(key: bytes, param: str | None) -> int | None:
    """The call a direct link's parameter names, when this bot signed it; None for anything else."""
    found = START_PARAM.fullmatch(param or "")
    if found is None:
        return None
    call_id = int(found.group(1))
    return call_id if hmac.compare_digest(_signature(key, call_id), found.group(2)) else None


@dataclass(frozen=True, slots=True)
class OpenCall:
    """Where "Open call" leads: the Mini App's URL, and for groups its direct link (bot username and short name)."""

    miniapp_url: str | None
    short_name: str | None = None
    bot: Bot | None = None  # its username is known once it is initialized (getMe)
    key: bytes = b""

    def button(self, call: Call, texts: Texts) -> InlineKeyboardButton | None:
        if self.miniapp_url is None:
            return None
        if not call.in_group:
            return open_call_button(self.miniapp_url, call.id, texts)
        if self.short_name is None or self.bot is None:
            return None
        link = f"https://t.me/{self.bot.username}/{self.short_name}?startapp={start_param(self.key, call.id)}"
        return InlineKeyboardButton(texts.button_open_call, url=link)


def with_open_call(
    markup: InlineKeyboardMarkup | None, opener: OpenCall, call: Call, texts: Texts
) -> InlineKeyboardMarkup | None:
    """``markup`` with an "Open call" row on top; unchanged when the Mini App is off (or, in a group, has no short
    name: a Web App button there would make Telegram refuse the whole message)."""
    button = opener.button(call, texts)
    if button is None:
        return markup
    rows = [list(row) for row in markup.inline_keyboard] if markup is not None else []
    return InlineKeyboardMarkup([[button], *rows])
