"""The ``words`` of a diarization-only job: an earlier transcript's words, checked strictly at the API edge.

A client that already has a transcript (its words and their times) and only wants the speakers again sends those
words as a JSON list, ``[{"word": "Hello", "start": 0.52, "end": 0.9, "space_before": true}, ...]``, with
``diarize_only=true``: the service then decodes the audio, finds who spoke when, and gives each word its speaker,
without running speech recognition.
"""

from __future__ import annotations

import json
import math
from typing import Any

from transcription_api.engine.types import Word
from transcription_api.errors import InvalidInput

WORDS_MAX_BYTES = 16 * 1024 * 1024  # the form field; about 12 h of speech at ~45 bytes a word
MAX_WORDS = 200_000
WORD_MAX_CHARS = 100
NUMBER_MAX_CHARS = 32  # a time in seconds; longer digit strings are refused before any arithmetic
TIME_SLACK_S = 1.0  # a word may end this far past the probed duration (containers round their length)


def parse_words(raw: str) -> tuple[Word, ...]:
    """The words in ``raw`` (JSON); raises InvalidInput naming the first problem."""
    try:
        items = json.loads(raw, parse_int=_number, parse_float=_number)
    except ValueError as exc:
        raise InvalidInput(f"words must be a JSON list of {{word, start, end}} objects: {exc}") from exc
    except RecursionError:  # nesting no word list has, thousands deep
        raise InvalidInput("words must be a flat JSON list of {word, start, end} objects, not nested.") from None
    if not isinstance(items, list) or not items:
        raise InvalidInput("words must be a non-empty JSON list of {word, start, end} objects.")
    if len(items) > MAX_WORDS:
        raise InvalidInput(f"words holds {len(items)} words; at most {MAX_WORDS} are accepted.")
    words: list[Word] = []
    for index, item in enumerate(items):
        word = _word(index, item)
        if words and word.start < words[-1].start:
            raise InvalidInput(
                f"words[{index}] starts at {word.start} s, before the word ahead of it ({words[-1].start} s): "
                "words must be in time order."
            )
        words.append(word)
    return tuple(words)


def check_within(words: tuple[Word, ...], duration: float | None) -> None:
    """Every word must lie within the recording (when its length is known)."""
    last = max((w.end for w in words), default=0.0)
    if duration is not None and last > duration + TIME_SLACK_S:
        raise InvalidInput(
            f"words end at {last} s, but the recording is only {duration:.1f} s long: they belong to another recording."
        )


def _word(index: int, item: Any) -> Word:
    where = f"words[{index}]"
    if not isinstance(item, dict):
        raise InvalidInput(f"{where} must be an object with word, start and end.")
    text, start, end = item.get("word"), _seconds(item, "start", where), _seconds(item, "end", where)
    if not isinstance(text, str) or not text.strip() or len(text) > WORD_MAX_CHARS:
        raise InvalidInput(f"{where}.word must be a non-empty string of at most {WORD_MAX_CHARS} characters.")
    if not _is_utf8(text):
        raise InvalidInput(f"{where}.word is not valid UTF-8 text (a lone surrogate such as \\ud800).")
    if end < start:
        raise InvalidInput(f"{where} ends ({end} s) before it starts ({start} s).")
    spaced = item.get("space_before", True)
    if not isinstance(spaced, bool):
        raise InvalidInput(f"{where}.space_before must be true or false.")
    return Word(text.strip(), start, end, space_before=spaced)


def _seconds(item: dict[str, Any], key: str, where: str) -> float:
    value = item.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise InvalidInput(f"{where}.{key} must be a number of seconds, 0 or more.")
    return round(float(value), 3)


def _number(literal: str) -> float:
    """A JSON number as a float, its literal bounded first (a 400-digit integer is refused, never converted)."""
    if len(literal) > NUMBER_MAX_CHARS:
        raise InvalidInput(f"words holds a number of {len(literal)} characters; times are short numbers of seconds.")
    return float(literal)


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
