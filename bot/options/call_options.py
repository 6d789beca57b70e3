"""Transcription options of a call: the user's defaults (/options), overridden per call by its caption.

Every value is checked here, whoever typed it (a button, a text message, a caption): speakers are ``auto``, an exact
count from 1 to 10 or a range such as ``2-4``; the language is ``auto`` or a code the transcription service knows;
the vocabulary is free text of at most 300 characters, without control characters, given to the recognizer as its
initial prompt (names and terms it should expect).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from bot.shared.typed_text import one_line

MAX_SPEAKERS = 10
VOCABULARY_CHARS = 300
AUTO_WORDS = frozenset({"auto", "авто", "-"})
_COUNT = re.compile(r"^(\d{1,2})$")
_RANGE = re.compile(r"^(\d{1,2})\s*[-–—]\s*(\d{1,2})$")
# Whisper's languages (faster_whisper.tokenizer._LANGUAGE_CODES; a test keeps both lists equal).
_CODES = (
    "af am ar as az ba be bg bn bo br bs ca cs cy da de el en es et eu fa fi fo fr gl gu ha haw he hi hr ht hu hy id is"
    " it ja jw ka kk km kn ko la lb ln lo lt lv mg mi mk ml mn mr ms mt my ne nl nn no oc pa pl ps pt ro ru sa sd si sk"
    " sl sn so sq sr su sv sw ta te tg th tk tl tr tt uk ur uz vi yi yo zh yue"
)
LANGUAGES = frozenset(_CODES.split())


class OptionError(ValueError):
    """A value that is not accepted; ``option`` names which (speakers, language, vocabulary)."""

    def __init__(self, option: str) -> None:
        super().__init__(option)
        self.option = option


@dataclass(frozen=True, slots=True)
class CallOptions:
    """``speakers`` is (least, most); (n, n) is exactly n; None is auto. ``language`` None is auto (detected)."""

    speakers: tuple[int, int] | None = None
    language: str | None = None
    vocabulary: str | None = None

    def to_json(self) -> str:
        return json.dumps({"speakers": self.speakers, "language": self.language, "vocabulary": self.vocabulary})

    @classmethod
    def from_json(cls, stored: str | None) -> CallOptions:
        """Stored options; anything unreadable counts as the defaults (auto)."""
        try:
            data = json.loads(stored) if stored else {}
            speakers = data.get("speakers")
            return cls(
                (int(speakers[0]), int(speakers[1])) if speakers else None,
                str(data["language"]) if data.get("language") else None,
                str(data["vocabulary"]) if data.get("vocabulary") else None,
            )
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return cls()

    def service_fields(self) -> dict[str, str]:
        """The form fields of ``POST /transcribe/`` these options set (nothing for auto)."""
        fields: dict[str, str] = {}
        if self.speakers is not None:
            low, high = self.speakers
            if low == high:
                fields["num_speakers"] = str(low)
            else:
                fields.update(min_speakers=str(low), max_speakers=str(high))
        if self.language:
            fields["language"] = self.language
        if self.vocabulary:
            fields["initial_prompt"] = self.vocabulary
        return fields


def parse_speakers(text: str) -> tuple[int, int] | None:
    """``auto`` → None, ``3`` → (3, 3), ``2-4`` → (2, 4); raises OptionError otherwise."""
    value = text.strip().lower()
    if value in AUTO_WORDS:
        return None
    if exact := _COUNT.match(value):
        low = high = int(exact.group(1))
    elif ranged := _RANGE.match(value):
        low, high = int(ranged.group(1)), int(ranged.group(2))
    else:
        raise OptionError("speakers")
    if not 1 <= low <= high <= MAX_SPEAKERS:
        raise OptionError("speakers")
    return low, high


def parse_language(text: str) -> str | None:
    """``auto`` → None, a known code (any letter case) → the code; raises OptionError otherwise."""
    value = text.strip().lower()
    if value in AUTO_WORDS:
        return None
    if value not in LANGUAGES:
        raise OptionError("language")
    return value


def clean_vocabulary(text: str) -> str | None:
    """One line of words, control characters removed; empty or ``-`` → None; raises OptionError past the limit."""
    value = one_line(text)
    if value in ("", "-"):
        return None
    if len(value) > VOCABULARY_CHARS:
        raise OptionError("vocabulary")
    return value
