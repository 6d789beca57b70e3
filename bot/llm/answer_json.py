"""The JSON object in a language model's answer. What a model writes can be steered by what was said in the call
(prompt injection), so the answer is read as hostile input: malformed JSON, nesting past the parser's recursion
limit and digit strings too long for ``int()`` all read as "no JSON", never as an exception."""

from __future__ import annotations

import json
import re
from typing import Any

_OBJECT = re.compile(r"\{.*\}", re.DOTALL)  # from the first "{" to the last "}": prose or a fence around it is fine


def json_in(answer: str) -> Any | None:
    """The JSON value of the answer's outermost ``{…}``, or None when there is none or it cannot be read."""
    match = _OBJECT.search(answer)
    if match is None:
        return None
    try:
        return json.loads(match.group(0))
    except (ValueError, RecursionError):  # ValueError: malformed, or an integer over 4300 digits
        return None
