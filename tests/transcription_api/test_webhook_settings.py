"""Webhook settings are checked when the service starts: a secret in the Standard Webhooks form, and a default
callback only with a secret and only as a callable URL."""

from __future__ import annotations

import base64

import pytest
from pydantic import ValidationError

from transcription_api.settings import ApiSettings

SECRET = "whsec_" + base64.b64encode(bytes(range(32))).decode()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"webhook_secret": "not-a-secret"}, "whsec_"),
        ({"webhook_secret": "whsec_" + base64.b64encode(b"short").decode()}, "24 to 64"),
        ({"webhook_secret": base64.b64encode(bytes(32)).decode()}, "whsec_"),
        ({"webhook_url": "https://crm.example.com/hook"}, "needs TRANSCRIBE_WEBHOOK_SECRET"),
        ({"webhook_url": "https://user:pw@crm.example.com/hook", "webhook_secret": SECRET}, "credentials"),
        ({"webhook_url": "file:///etc/passwd", "webhook_secret": SECRET}, "http:// or https://"),
    ],
)
def test_bad_webhook_settings_stop_the_service(values: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ApiSettings(**values)  # type: ignore[arg-type]


def test_a_secret_and_a_default_callback_are_accepted() -> None:
    settings = ApiSettings(webhook_secret=SECRET, webhook_url="https://crm.example.com/hook?key=1")  # type: ignore[arg-type]
    assert settings.webhook_secret is not None and settings.webhook_secret.get_secret_value() == SECRET
    assert SECRET not in repr(settings), "the secret is never printed"
