"""What the /transcribe routes do about webhooks: take ``callback_url`` from a submit (checked at once, DNS included)
or the service's default, keep it with the job, and show the delivery in the job's status."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from fastapi import Request

from transcription_api.errors import ApiError
from transcription_api.settings import ApiSettings
from transcription_api.webhooks.book import WebhookBook
from transcription_api.webhooks.models import Delivery, webhook_status
from transcription_api.webhooks.targets import AllowList, TargetRefused, check_url, resolve

CALLBACK_FIELD = "callback_url"


class CallbackRefused(ApiError):
    status_code = 400


async def callback_for(fields: Mapping[str, str], settings: ApiSettings) -> str | None:
    """The job's callback URL: the form field, refused (400) when it may not be called, or else the service's
    default (TRANSCRIBE_WEBHOOK_URL, checked at each attempt); None when there is neither."""
    url = (fields.get(CALLBACK_FIELD) or "").strip()
    if not url:
        return settings.webhook_url
    if settings.webhook_secret is None:
        raise CallbackRefused("callback_url is not accepted: webhooks are off (TRANSCRIBE_WEBHOOK_SECRET is not set).")
    try:
        allow = AllowList.parse(settings.webhook_allowed_hosts)
        await resolve(check_url(url), allow, settings.webhook_timeout_s)
    except TargetRefused as exc:
        raise CallbackRefused(f"callback_url refused: {exc}.") from exc
    return url


def subscribe(book: WebhookBook, job_id: str, url: str) -> None:
    """Keep the job's callback (blocking); a replayed submit keeps the one its job already has."""
    book.subscribe(Delivery.new(job_id, url, time.time()))


def webhook_of(book: WebhookBook, job_id: str) -> dict[str, Any] | None:
    """The ``webhook`` field of the job's status (blocking)."""
    delivery = book.get(job_id)
    return webhook_status(delivery) if delivery is not None else None


def get_webhooks(request: Request) -> WebhookBook:
    book: WebhookBook = request.app.state.webhooks
    return book
