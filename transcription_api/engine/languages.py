"""Languages the whisper models know (the tokenizer's list; no model is loaded)."""

from __future__ import annotations

from functools import cache


@cache
def supported_languages() -> frozenset[str]:
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    return frozenset(_LANGUAGE_CODES)
