"""User-facing texts in Russian and English; the user's Telegram ``language_code`` picks one."""

from __future__ import annotations

from bot.texts.catalog import Texts
from bot.texts.en import EN
from bot.texts.ru import RU

__all__ = ["EN", "RU", "Texts", "texts_for"]


def texts_for(language_code: str | None) -> Texts:
    """``ru*`` → Russian, anything else → English."""
    return RU if (language_code or "").lower().startswith("ru") else EN
