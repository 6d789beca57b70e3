"""Names heard by a language model: the transcript goes fenced as data, speakers shown as ``S1``, ``S2``…; each
name in the answer is checked strictly (a speaker the call has, a quote found word for word in a line of the call,
the name said in that quote) and anything else is dropped. A call longer than the context budget goes in parts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.llm.answer_json import json_in
from bot.llm.fence import data_rule
from bot.llm.transcript_pass import TranscriptPass
from bot.shared.errors import NamesError
from bot.speakers.names.heard import SELF, HeardName, Line
from bot.speakers.names.valid_names import valid_name

SYSTEM = (
    "You find the names of the speakers of a recorded call from what is said in it: self-introductions "
    '("Hi, I\'m Maria", "меня зовут Давид") and direct address ("Thanks, David": said to the speaker being '
    "answered or who answers). " + data_rule() + " Answer with JSON only: "
    '{"names": [{"speaker": "S1", "name": "Maria", "quote": "Hi, I\'m Maria"}]}. Only names said in the call, '
    "written as said; the quote is copied word for word from the line that shows it; leave out a speaker whose "
    'name is not said; never one name for two speakers. No names: {"names": []}.'
)


class ModelNames(TranscriptPass):
    system = SYSTEM
    error = NamesError

    async def heard_in(self, lines: Sequence[Line]) -> list[HeardName]:
        """The names the model heard, each checked against the transcript; :class:`NamesError` when it fails or
        answers no usable JSON."""
        return [name for a in await self.answers(lines) for name in parse_names(a.text, a.lines, a.labels)]


def _said(phrase: str, text: str) -> bool:
    """``phrase`` occurs in ``text`` as whole words (case and spacing aside)."""
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(word) for word in phrase.split()) + r"(?!\w)"
    return bool(phrase.split()) and re.search(pattern, text, re.IGNORECASE) is not None


def _checked(item: Any, part: Sequence[Line], labels: dict[str, str]) -> HeardName | None:
    if not isinstance(item, dict):
        return None
    label = labels.get(str(item.get("speaker", "")))
    name, quote = " ".join(str(item.get("name") or "").split()), " ".join(str(item.get("quote") or "").split())
    if label is None or not valid_name(name) or not _said(name, quote):
        return None
    line = next((line for line in part if _said(quote, line.text)), None)
    return HeardName(label, name, line.start, SELF) if line is not None else None


def parse_names(answer: str, part: Sequence[Line], labels: dict[str, str]) -> list[HeardName]:
    """The checked names of one part from the model's answer (``labels``: shown key → speaker label)."""
    data = json_in(answer)
    items = data.get("names") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise NamesError("the language model did not answer with names")
    return [heard for item in items if (heard := _checked(item, part, labels)) is not None]
