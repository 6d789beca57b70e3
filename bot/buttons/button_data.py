"""Callback data of the bot's buttons, parsed strictly: ``<action>:<number>[:<argument>]``.

A client can send any callback data it likes, so nothing it sends reaches ``int()`` unchecked: numbers are ASCII
digits of bounded length (``int()`` would also take "١٢", "²" is a digit to ``str.isdigit`` but not to ``int()``,
and 60 digits overflow SQLite), and an argument that must be a number is read through :func:`id_of`, which answers
None for anything else; the handler then answers with its usual "not available" text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

NUMBER_DIGITS = 15  # ids and counts; far below SQLite's 64-bit integers
NUMBER = rf"[0-9]{{1,{NUMBER_DIGITS}}}"
ARGUMENT = r"[\w.-]{1,40}"


def data_pattern(actions: Iterable[str], argument: bool = True) -> re.Pattern[str]:
    """The callback data of ``actions``: group 1 the action, 2 the number, 3 the optional argument."""
    tail = rf"(?::({ARGUMENT}))?" if argument else ""
    return re.compile(rf"^({'|'.join(actions)}):({NUMBER}){tail}$")


def id_of(text: str | None) -> int | None:
    """The number ``text`` writes in ASCII digits (at most NUMBER_DIGITS of them), or None."""
    if text is None or re.fullmatch(NUMBER, text) is None:
        return None
    return int(text)
