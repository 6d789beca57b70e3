"""The "Open call" button: a Web App button that opens the call in the Mini App (only when BOT_MINIAPP_URL is set;
Telegram shows Web App buttons in private chats, where this bot lives)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from bot.texts import Texts
from database import Call


def call_page_url(miniapp_url: str, call_id: int) -> str:
    """The page of one call; the page reads the call id from the query and initData from what Telegram adds."""
    return f"{miniapp_url}?call={call_id}"


def open_call_button(miniapp_url: str, call_id: int, texts: Texts) -> InlineKeyboardButton:
    return InlineKeyboardButton(texts.button_open_call, web_app=WebAppInfo(call_page_url(miniapp_url, call_id)))


def with_open_call(
    markup: InlineKeyboardMarkup | None, miniapp_url: str | None, call: Call, texts: Texts
) -> InlineKeyboardMarkup | None:
    """``markup`` with an "Open call" row on top; unchanged when the Mini App is off, and for a group's call:
    Telegram refuses Web App buttons outside private chats (a message carrying one would not be sent at all)."""
    if miniapp_url is None or call.in_group:
        return markup
    rows = [list(row) for row in markup.inline_keyboard] if markup is not None else []
    return InlineKeyboardMarkup([[open_call_button(miniapp_url, call.id, texts)], *rows])
