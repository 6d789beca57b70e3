"""Shared pieces of the Bot API emulator: its bot user, the records it keeps, JSON answers."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.responses import JSONResponse

BOT_ID = 999000
BOT_USERNAME = "call_test_bot"
BOT_USER: dict[str, Any] = {"id": BOT_ID, "is_bot": True, "first_name": "CallBot", "username": BOT_USERNAME}


@dataclass(frozen=True)
class TgUser:
    """A Telegram account a test plays; ``is_bot`` for another bot posting in a group."""

    id: int
    first_name: str = "Tester"
    language_code: str = "en"
    is_bot: bool = False
    username: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if not self.is_bot:
            data["language_code"] = self.language_code
        if self.username:
            data["username"] = self.username
        return data


@dataclass
class BotMessage:
    """A message the bot sent; ``edits`` keeps every text it had, in order."""

    message_id: int
    chat_id: int
    text: str | None
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    edits: list[str] = field(default_factory=list)
    document: bytes | None = None
    filename: str | None = None
    caption: str | None = None
    photo: bytes | None = None
    reply_to: int | None = None  # the message_id of ``reply_parameters`` the bot sent (None: not a reply)
    thread_id: int | None = None  # the forum topic it landed in (None: a chat without topics, or General)
    reply_parameters: dict[str, Any] | None = None  # as the bot sent them
    deleted: bool = False
    sent_at: float = field(default_factory=time.monotonic)

    @property
    def buttons(self) -> list[str]:
        """The callback data of the inline buttons (Web App buttons carry none: see :attr:`web_apps`)."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button["callback_data"] for row in rows for button in row if "callback_data" in button]

    @property
    def web_apps(self) -> list[tuple[str, str]]:
        """``(text, url)`` of every Web App button."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(button["text"], button["web_app"]["url"]) for row in rows for button in row if "web_app" in button]


@dataclass
class StoredFile:
    path: Path
    unique_id: str
    size: int


BUTTON_KINDS = ("callback_data", "url", "web_app")


def invalid_markup(markup: dict[str, Any] | None) -> str | None:
    """What Telegram says about an inline keyboard it refuses (each button one kind; Web Apps only over HTTPS)."""
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            if sum(kind in button for kind in BUTTON_KINDS) != 1:
                return "Bad Request: can't parse inline keyboard button: exactly one of its kinds must be set"
            url = str((button.get("web_app") or {}).get("url", "https://"))
            if not url.startswith("https://"):
                return (
                    f"Bad Request: inline keyboard button Web App URL '{url}' is invalid: Only HTTPS links are allowed"
                )
    return None


def error(code: int, description: str, parameters: dict[str, Any] | None = None) -> JSONResponse:
    """Telegram's error answer; ``parameters`` (``retry_after``, ``migrate_to_chat_id``) when it sends them."""
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return JSONResponse(body, status_code=code)


def ok(result: Any) -> JSONResponse:
    return JSONResponse({"ok": True, "result": result})
