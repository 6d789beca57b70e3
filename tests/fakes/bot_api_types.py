"""Shared pieces of the Bot API emulator: its bot user, the records it keeps, JSON answers."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.responses import JSONResponse

BOT_USER = {"id": 999000, "is_bot": True, "first_name": "CallBot", "username": "call_test_bot"}


@dataclass(frozen=True)
class TgUser:
    id: int
    first_name: str = "Tester"
    language_code: str = "en"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "is_bot": False,
            "first_name": self.first_name,
            "language_code": self.language_code,
        }


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
    reply_to: int | None = None
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


def error(code: int, description: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error_code": code, "description": description}, status_code=code)


def ok(result: Any) -> JSONResponse:
    return JSONResponse({"ok": True, "result": result})
