"""Secrets never reach the logs: the bot token is part of every Bot API URL and of every local-mode file path.

A filter on the log handlers rewrites each record before it is written: the message with its arguments, the
formatted exception and the stack are searched for every configured secret (also URL-encoded).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.parse import quote

REDACTED = "[redacted]"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class SecretRedactor(logging.Filter):
    def __init__(self, secrets: Iterable[str | None]) -> None:
        super().__init__()
        forms = {form for secret in secrets if secret for form in (secret, quote(secret, safe=""), quote(secret))}
        self._secrets = sorted(forms, key=len, reverse=True)  # longest first: no partial leftovers

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: keep its parts as text
            message = f"{record.msg} {record.args}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def configure_logging(
    secrets: Iterable[str | None], level: int | str = logging.INFO, handler: logging.Handler | None = None
) -> logging.Handler:
    """The bot's logging: one handler on the root logger (stderr unless given) that redacts ``secrets``."""
    handler = handler or logging.StreamHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(SecretRedactor(secrets))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise (and carries the token)
    return handler
