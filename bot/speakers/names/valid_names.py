"""The one rule for what a person or speaker may be called, whether typed by the user (a speaker's name, a
person's in /people) or heard in a call: 1–60 characters, a letter among them, nothing that breaks the
``[mm:ss · Speaker]`` citations."""

from __future__ import annotations

NAME_CHARS = 60
FORBIDDEN = ("[", "]", "·")  # they would break [mm:ss · Speaker] citations


def valid_name(name: str) -> bool:
    """Whether ``name`` (already trimmed) may be a speaker's or a person's name."""
    return 0 < len(name) <= NAME_CHARS and not any(m in name for m in FORBIDDEN) and any(c.isalpha() for c in name)


def typed_name(text: str | None) -> str | None:
    """The name a user sent, its runs of spaces and line breaks made one space; None when it is not valid."""
    name = " ".join((text or "").split())
    return name if valid_name(name) else None
