"""A call's lines as a language model reads them: speakers shown as ``S1``, ``S2``… (so the answer maps back to
them whatever their names), each line with its ``[mm:ss]``, a long call in consecutive parts of whole lines that
fit the context budget."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.llm.chunking import max_chars
from bot.shared.timecodes import mmss


@dataclass(frozen=True, slots=True)
class SpokenLine:
    """One transcript segment as a model pass reads it."""

    start: float
    speaker: str  # the diarizer's label
    text: str


def speaker_keys(lines: Sequence[SpokenLine]) -> dict[str, str]:
    """Each speaker label → ``S1``, ``S2``… in order of first appearance."""
    keys: dict[str, str] = {}
    for line in lines:
        keys.setdefault(line.speaker, f"S{len(keys) + 1}")
    return keys


def shown(line: SpokenLine, keys: dict[str, str]) -> str:
    return f"[{mmss(line.start)}] {keys[line.speaker]}: {' '.join(line.text.split())}"


def in_parts(lines: Sequence[SpokenLine], keys: dict[str, str], budget_tokens: int) -> list[list[SpokenLine]]:
    """Consecutive runs of whole lines whose shown text fits the budget."""
    limit, size = max_chars(budget_tokens), 0
    parts: list[list[SpokenLine]] = [[]]
    for line in lines:
        length = len(shown(line, keys)) + 1
        if parts[-1] and size + length > limit:
            parts.append([])
            size = 0
        parts[-1].append(line)
        size += length
    return [part for part in parts if part]
