"""Telegram HTML built from escaped lines and packed into messages of at most 4096 characters.

Every line is a complete piece of HTML (tags opened and closed on it), so splitting between lines never breaks
formatting; a line too long on its own is cut in its plain text and each piece is wrapped in the same tags.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

TELEGRAM_LIMIT = 4096


@dataclass(frozen=True, slots=True)
class Line:
    """One line of plain text, optionally wrapped in a formatting tag (``b``, ``i``, ``code``)."""

    text: str
    tag: str | None = None

    def render(self, text: str | None = None) -> str:
        body = html.escape(self.text if text is None else text, quote=False)
        return f"<{self.tag}>{body}</{self.tag}>" if self.tag else body


def _longest_fit(line: Line, text: str, limit: int) -> int:
    """Largest prefix length of ``text`` whose rendering fits ``limit`` (binary search, at least 1)."""
    low, high = 1, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if len(line.render(text[:mid])) <= limit:
            low = mid
        else:
            high = mid - 1
    return low


def _split_line(line: Line, limit: int) -> list[str]:
    """Cut an over-long line into rendered pieces that each fit ``limit``, preferably at spaces."""
    pieces: list[str] = []
    rest = line.text
    while rest:
        size = _longest_fit(line, rest, limit)
        if size < len(rest):
            space = rest.rfind(" ", 0, size)
            size = space if space > size // 2 else size
        pieces.append(line.render(rest[:size]))
        rest = rest[size:].lstrip(" ")
    return pieces


def pack(lines: list[Line], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Join rendered lines with newlines into as few messages as fit ``limit`` each."""
    messages: list[str] = []
    current = ""
    for line in lines:
        rendered = line.render()
        parts = [rendered] if len(rendered) <= limit else _split_line(line, limit)
        for part in parts:
            candidate = f"{current}\n{part}" if current else part
            if len(candidate) <= limit:
                current = candidate
                continue
            if current.strip():
                messages.append(current)
            current = part
    if current.strip():
        messages.append(current)
    return messages


def to_plain(message: str) -> str:
    """What a Telegram client displays for a message of ours (tags dropped, entities decoded)."""
    for tag in ("b", "i", "code"):
        message = message.replace(f"<{tag}>", "").replace(f"</{tag}>", "")
    return html.unescape(message)
