"""Token estimates and splitting text into pieces that fit a model's context budget."""

from __future__ import annotations

import math
from collections.abc import Sequence

CHARS_PER_TOKEN = 3.0  # conservative for Cyrillic and mixed text; English is nearer 4


def estimate_tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def max_chars(tokens: int) -> int:
    return int(tokens * CHARS_PER_TOKEN)


def chunk_lines(lines: Sequence[str], budget_tokens: int) -> list[str]:
    """Pack whole lines into chunks within the budget; a line longer than the budget is cut, never dropped."""
    limit = max_chars(budget_tokens)
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        pieces = [line[i : i + limit] for i in range(0, len(line), limit)] or [""]
        for piece in pieces:
            if current and size + len(piece) + 1 > limit:
                chunks.append("\n".join(current))
                current, size = [], 0
            current.append(piece)
            size += len(piece) + 1
    if current:
        chunks.append("\n".join(current))
    return chunks


def group_within(items: Sequence[str], budget_tokens: int) -> list[list[str]]:
    """Consecutive groups of at least two items (when there are two) whose joined size fits the budget."""
    limit = max_chars(budget_tokens)
    groups: list[list[str]] = []
    for item in items:
        last = groups[-1] if groups else None
        if last is not None and (len(last) < 2 or sum(len(x) + 2 for x in last) + len(item) <= limit):
            last.append(item)
        else:
            groups.append([item])
    if len(groups) > 1 and len(groups[-1]) == 1:
        groups[-2].extend(groups.pop())
    return groups
