"""What a Telegram client hands a Mini App: ``initData`` signed with the bot token as Telegram's docs describe
(written here from the docs, not from the bot's code), and the launch parameters it puts in the page's hash."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from urllib.parse import quote, urlencode

LIGHT = {
    "bg_color": "#ffffff",
    "text_color": "#000000",
    "hint_color": "#999999",
    "link_color": "#2481cc",
    "button_color": "#2481cc",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#efeff3",
}
DARK = {
    "bg_color": "#17212b",
    "text_color": "#f5f5f5",
    "hint_color": "#708499",
    "link_color": "#6ab3f3",
    "button_color": "#5288c1",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#232e3c",
}


def init_data(
    token: str,
    user_id: int,
    *,
    auth_date: float | None = None,
    language: str = "en",
    start_param: str | None = None,
    chat_type: str = "group",
    chat_instance: str = "-4126153451528409115",
) -> str:
    """A query string as ``Telegram.WebApp.initData`` has it: fields, then ``hash`` over the sorted others.
    ``start_param``: opened from a direct link (``t.me/<bot>/<app>?startapp=<start_param>``) in a chat of
    ``chat_type``: such a launch carries ``start_param``, ``chat_type`` and ``chat_instance`` and no ``query_id``."""
    user = {"id": user_id, "first_name": "Tester", "language_code": language, "allows_write_to_pm": True}
    launch = (
        {"query_id": "AAHdF6IQAAAAAN0XohDhrOrc"}
        if start_param is None
        else {"start_param": start_param, "chat_type": chat_type, "chat_instance": chat_instance}
    )
    fields = {
        **launch,
        "user": json.dumps(user, separators=(",", ":")),
        "auth_date": str(int(time.time() if auth_date is None else auth_date)),
        "signature": "c2lnbmF0dXJl",  # Ed25519 for third parties; part of the HMAC'd string like any field
    }
    check = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields, quote_via=quote)


def launch_hash(init: str, theme: dict[str, str] | None = None) -> str:
    """The ``#…`` a client appends to the Mini App's URL."""
    params = {
        "tgWebAppData": init,
        "tgWebAppVersion": "8.0",
        "tgWebAppPlatform": "android",
        "tgWebAppThemeParams": json.dumps(theme or LIGHT, separators=(",", ":")),
    }
    return "#" + urlencode(params, quote_via=quote)
