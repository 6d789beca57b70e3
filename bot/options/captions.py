"""Per-call options in the caption of a recording, one per line: ``speakers: 3`` (or ``2-4``, ``auto``),
``language: ru``, ``vocabulary: Acme, Kubernetes`` — or in Russian ``спикеры``, ``язык``, ``словарь``.

A caption is hostile input. Only lines that start with one of these words and a colon are options; any other line
is left alone (a caption without option lines changes nothing). A value that is not accepted is reported back
and the user's default is used for that option: the recording is always processed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.options.call_options import CallOptions, OptionError, clean_vocabulary, parse_language, parse_speakers

KEYWORDS = {
    "speakers": "speakers",
    "speaker": "speakers",
    "спикеры": "speakers",
    "спикеров": "speakers",
    "language": "language",
    "lang": "language",
    "язык": "language",
    "vocabulary": "vocabulary",
    "words": "vocabulary",
    "словарь": "vocabulary",
}
PARSERS: dict[str, Callable[[str], Any]] = {
    "speakers": parse_speakers,
    "language": parse_language,
    "vocabulary": clean_vocabulary,
}
_LINE = re.compile(r"^\s*([^\W\d_]+)\s*:\s*(.*)$")
SHOWN_CHARS = 60  # of a refused line, quoted back


@dataclass(frozen=True, slots=True)
class CaptionProblem:
    option: str  # speakers, language or vocabulary
    line: str  # the line as written (shortened)


@dataclass(frozen=True, slots=True)
class CaptionOptions:
    options: CallOptions
    problems: tuple[CaptionProblem, ...]


def options_from_caption(caption: str | None, defaults: CallOptions) -> CaptionOptions:
    """The call's options: ``defaults`` with what the caption's option lines set, and the lines refused."""
    changes: dict[str, Any] = {}
    problems: list[CaptionProblem] = []
    for line in (caption or "").splitlines():
        found = _LINE.match(line)
        option = KEYWORDS.get(found.group(1).lower()) if found else None
        if found is None or option is None:
            continue
        try:
            changes[option] = PARSERS[option](found.group(2))
        except OptionError:
            shown = " ".join(line.split())
            problems.append(CaptionProblem(option, shown if len(shown) <= SHOWN_CHARS else shown[:59] + "…"))
    refused = {problem.option for problem in problems}  # another, valid line for it does not count: the default
    kept = {option: value for option, value in changes.items() if option not in refused}
    return CaptionOptions(dataclasses.replace(defaults, **kept), tuple(problems))
