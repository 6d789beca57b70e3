"""Short-lived signed links to a call's audio: the ``<audio>`` element cannot send initData, so the page gets a
URL that names the user, the call and an expiry, signed with a key that lives only in this process (a restart
invalidates every link; the page then asks for a new one)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Mapping
from urllib.parse import urlencode

from bot.miniapp.errors import LinkRefused

LINK_TTL_S = 900
NUMBER = re.compile(r"[0-9]{1,19}")  # ASCII digits only (int() would also take "١٢٣" and " +7 ")
OWNER = re.compile(r"-?[0-9]{1,19}")  # a person's id, or a group chat's (negative)
SIGNATURE = re.compile(r"[0-9a-f]{64}")


class AudioLinks:
    def __init__(self, ttl_s: float = LINK_TTL_S, key: bytes | None = None) -> None:
        self.ttl_s = ttl_s
        self._key = key or secrets.token_bytes(32)

    def _signature(self, user_id: int, call_id: int, expires: int) -> str:
        message = f"{user_id}:{call_id}:{expires}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def link(self, user_id: int, call_id: int, now: float | None = None) -> str:
        """A relative URL (to the page) of the call's audio, valid for ``ttl_s`` seconds."""
        expires = int((time.time() if now is None else now) + self.ttl_s)
        query = urlencode({"u": user_id, "e": expires, "s": self._signature(user_id, call_id, expires)})
        return f"audio/{call_id}?{query}"

    def user_of(self, call_id: int, query: Mapping[str, str], now: float | None = None) -> int:
        """The user a valid, unexpired link for ``call_id`` was made for; :class:`LinkRefused` otherwise."""
        user, expiry, signature = query.get("u", ""), query.get("e", ""), query.get("s", "")
        if OWNER.fullmatch(user) is None or NUMBER.fullmatch(expiry) is None or SIGNATURE.fullmatch(signature) is None:
            raise LinkRefused("not an audio link")
        user_id, expires = int(user), int(expiry)
        if not hmac.compare_digest(self._signature(user_id, call_id, expires).encode(), signature.encode()):
            raise LinkRefused("the audio link is not signed by this bot")
        if (time.time() if now is None else now) > expires:
            raise LinkRefused("the audio link has expired")
        return user_id
