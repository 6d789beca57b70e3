"""Languages the whisper models know (the tokenizer's list; no model is loaded)."""

from __future__ import annotations

from functools import cache

# Written without spaces between words: whisper's tokens carry none, and neither may rebuilt text.
NO_SPACE_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "my", "yue", "km", "bo"})


@cache
def supported_languages() -> frozenset[str]:
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    return frozenset(_LANGUAGE_CODES)
