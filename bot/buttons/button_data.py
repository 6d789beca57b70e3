"""The strict rules for numbers and words in callback data, shared by the codec and the old format it still reads.

A client can send any callback data it likes, so nothing it sends reaches ``int()`` unchecked: numbers are ASCII
digits of bounded length (``int()`` would also take "١٢", "²" is a digit to ``str.isdigit`` but not to ``int()``,
and 60 digits overflow SQLite).
"""

from __future__ import annotations

NUMBER_DIGITS = 15  # ids and counts; far below SQLite's 64-bit integers
NUMBER = rf"[0-9]{{1,{NUMBER_DIGITS}}}"
ARGUMENT = r"[\w.-]{1,40}"  # the old format's argument (Unicode word characters: refused later, by the codec)
WORD = r"[A-Za-z0-9_.-]{1,40}"  # a string field of the codec
