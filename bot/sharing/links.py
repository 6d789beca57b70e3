"""The links themselves: an opaque random secret (only its hash is stored), the ``t.me`` deep link that carries it,
Telegram's share page that posts it to a chat, and how long a link may work."""

from __future__ import annotations

import hashlib
import re
import secrets
from urllib.parse import urlencode

SECRET_BYTES = 24  # 192 random bits
PREFIX = "s_"  # a /start payload that is a shared call's link (other deep links may come)
PAYLOAD = re.compile(r"s_[A-Za-z0-9_-]{32}")  # what ``new_token`` makes; Telegram allows 64 of these characters
DAY_S = 86400.0
EXPIRIES: dict[str, float | None] = {"1d": DAY_S, "7d": 7 * DAY_S, "never": None}
EXPIRY_CHOICES = tuple(EXPIRIES)


def new_token() -> str:
    """A fresh link secret, as it appears in the link."""
    return PREFIX + secrets.token_urlsafe(SECRET_BYTES)


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256 (a 192-bit random secret needs no salt or slow hash)."""
    return hashlib.sha256(token.encode()).hexdigest()


def is_share_token(payload: str) -> bool:
    """Whether a /start payload has the shape of a link's token (anything else is never looked up)."""
    return PAYLOAD.fullmatch(payload) is not None


def share_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


def post_link(link: str, title: str) -> str:
    """Telegram's share page: it opens the chat picker with the link (and the call's title) ready to send."""
    return "https://t.me/share/url?" + urlencode({"url": link, "text": title})


def expires_at(choice: str, now: float) -> float | None:
    """When a link made at ``now`` with ``choice`` (one of ``EXPIRY_CHOICES``) stops working; None: never."""
    lifetime = EXPIRIES[choice]
    return None if lifetime is None else now + lifetime
