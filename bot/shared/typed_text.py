"""Free text a user typed (a vocabulary, standing summary instructions), made safe to store, show and pass on.

Control, format (bidi overrides and isolates, zero-width characters), private-use, unassigned and surrogate code
points (Unicode category C) become spaces, then every run of whitespace becomes one space: one plain line, which
cannot reorder the text it is shown in nor hide what it says.
"""

from __future__ import annotations

import unicodedata


def one_line(text: str) -> str:
    """``text`` as one line without invisible or control characters; empty when nothing visible is left."""
    kept = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(kept.split())
