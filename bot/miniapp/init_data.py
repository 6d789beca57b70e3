"""Checking a Mini App's ``initData`` (Telegram's "Validating data received via the Mini App"):

``secret = HMAC-SHA256(key="WebAppData", message=bot token)``; the data-check string is every field but ``hash``,
as ``key=value``, sorted by key and joined by newlines; ``hash`` must be the hex HMAC-SHA256 of it under
``secret``. ``auth_date`` (when Telegram signed it) must be recent: a copied initData stops working.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl

from bot.miniapp.errors import Unauthorized

MAX_INIT_DATA_CHARS = 8192
CLOCK_SKEW_S = 60  # an auth_date this far in the future is still accepted (clocks differ)
HEX_SHA256 = re.compile(r"[0-9a-f]{64}")  # ASCII only: compared as bytes, never as text
AUTH_DATE = re.compile(r"[0-9]{1,12}")
MAX_USER_ID = 2**63 - 1  # Telegram ids fit in a signed 64-bit integer (and in SQLite)


@dataclass(frozen=True, slots=True)
class WebAppUser:
    id: int
    language_code: str | None
    first_name: str | None
    start_param: str | None = None  # opened from a direct link: its ``startapp`` (signed with the rest)


def _fields(raw: str) -> dict[str, str]:
    if not raw or len(raw) > MAX_INIT_DATA_CHARS:
        raise Unauthorized("no initData, or too long")
    try:
        pairs = parse_qsl(raw, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise Unauthorized("initData is not a query string") from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise Unauthorized("initData repeats a field")
    return fields


def _signed(fields: dict[str, str], bot_token: str) -> bool:
    given = fields.get("hash", "").lower()
    if HEX_SHA256.fullmatch(given) is None:
        return False
    check = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()) if key != "hash")
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    expected = hmac.new(secret, check.encode(errors="surrogatepass"), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), given.encode())


def _user(fields: dict[str, str]) -> WebAppUser:
    try:
        user = json.loads(fields["user"])
        user_id = user["id"]
    except (KeyError, TypeError, ValueError, RecursionError):  # RecursionError: nested thousands deep
        raise Unauthorized("initData names no user") from None
    if not isinstance(user_id, int) or isinstance(user_id, bool) or not 0 < user_id <= MAX_USER_ID:
        raise Unauthorized("initData names no user")
    language, name = user.get("language_code"), user.get("first_name")
    return WebAppUser(user_id, language if isinstance(language, str) else None, name if isinstance(name, str) else None)


def validate_init_data(raw: str, bot_token: str, max_age_s: float, now: float | None = None) -> WebAppUser:
    """The Telegram user who opened the Mini App; :class:`Unauthorized` for anything forged, stale or malformed."""
    fields = _fields(raw)
    if not _signed(fields, bot_token):
        raise Unauthorized("initData is not signed with this bot's token")
    if AUTH_DATE.fullmatch(fields.get("auth_date", "")) is None:
        raise Unauthorized("initData has no auth_date")
    signed_at = int(fields["auth_date"])
    age = (time.time() if now is None else now) - signed_at
    if age > max_age_s or age < -CLOCK_SKEW_S:
        raise Unauthorized(f"initData is {age:.0f} s old (at most {max_age_s:g} s)")
    return replace(_user(fields), start_param=fields.get("start_param"))


def unverified_language(raw: str) -> str | None:
    """The language the (unchecked) initData claims: only for choosing the language of an error text."""
    try:
        return _user(_fields(raw)).language_code
    except Unauthorized:
        return None
