"""What the model is shown to answer a question about one call.

A transcript that fits the budget is shown whole. A longer one is shown as its stored summary and the notes of
each part (from the map step), plus the passages hybrid retrieval ranks best for the question; a question about
the whole call gives the summary and notes more room, a question about a detail gives the passages more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.questions.answerer import Excerpt, Material
from bot.questions.citations import BARE_STAMP
from bot.retrieval.bm25 import Bm25
from bot.retrieval.passages import Passage, quote
from bot.retrieval.retriever import CallIndex, within_budget
from bot.shared.speaker_names import SpeakerNames
from bot.shared.timecodes import mmss
from bot.summaries.summary import Summary, parse_llm_summary
from database.models import Segment
from database.search_terms import tokens

SHARES = {True: (0.35, 0.45), False: (0.2, 0.2)}  # (summary, notes) of the budget, by "about the whole call"


@dataclass(frozen=True)
class Query:
    """A question as retrieval sees it: standalone text, earlier questions (used when it was not rewritten)."""

    text: str
    earlier: tuple[str, ...] = ()
    vector: np.ndarray | None = None
    whole_call: bool = False


@dataclass(frozen=True)
class CallMaterial:
    material: Material
    whole_transcript: bool
    best: list[Excerpt]  # the passages ranked best first (what quotes fall back on)


def call_material(
    segments: Sequence[Segment],
    names: SpeakerNames,
    index: CallIndex,
    query: Query,
    budget: int,
    summary: Summary | None,
    notes: Sequence[str],
) -> CallMaterial:
    """The material for one question within ``budget`` characters."""
    ranking = index.ranking(query.text, query.earlier, query.vector)
    best = [Excerpt(tuple(index.passages[i].text.splitlines())) for i in ranking]
    stamps = frozenset(mmss(s.start) for s in segments)
    whole = [quote(s, names) for s in segments]
    if sum(len(line) + 1 for line in whole) <= budget:
        return CallMaterial(Material("The whole transcript:\n" + "\n".join(whole), tuple(whole), stamps), True, best)
    summary_share, notes_share = SHARES[query.whole_call]
    about = clip(summary.plain_lines() if summary else [], int(budget * summary_share))
    noted = note_lines(notes, stamps, query, int(budget * notes_share))
    rest = budget - sum(len(line) + 1 for line in about + noted)
    ranked = [index.passages[i] for i in ranking] or spread(index.passages, rest)
    passages = sorted(within_budget(ranked, rest), key=lambda p: p.index)
    blocks = []
    if about:
        blocks.append("Summary of the whole call (written from its transcript):\n" + "\n".join(about))
    if noted:
        blocks.append("Notes on each part of the call, in order:\n" + "\n".join(noted))
    blocks.append("Passages of the transcript:\n" + "\n\n".join(p.text for p in passages))
    quoted = tuple(line for p in passages for line in p.text.splitlines())
    return CallMaterial(Material("\n\n".join(blocks), quoted, stamps), False, best)


def clip(lines: Sequence[str], chars: int) -> list[str]:
    kept: list[str] = []
    for line in lines:
        if sum(len(x) + 1 for x in kept) + len(line) + 1 > chars:
            break
        kept.append(line)
    return kept


def note_lines(notes: Sequence[str], stamps: frozenset[str], query: Query, chars: int) -> list[str]:
    """The part notes as lines (stamps the call lacks removed); the parts nearest the question when not all fit."""
    parts = [
        [f"Part {i}:"] + [BARE_STAMP.sub(lambda m: m[0] if m["ts"] in stamps else "", x) for x in lines]
        for i, note in enumerate(notes, start=1)
        if (lines := parse_llm_summary(note, None).plain_lines())
    ]
    if sum(len(x) + 1 for part in parts for x in part) <= chars or not parts:
        return [x for part in parts for x in part]
    per_part = max(chars // len(parts), 1)
    if query.whole_call:  # a little of every part
        return [x for part in parts for x in clip(part, per_part)]
    scores = Bm25([tokens(" ".join(part)) for part in parts]).scores(dict.fromkeys(tokens(query.text), 1.0))
    chosen: list[int] = []
    for i in sorted(range(len(parts)), key=lambda i: -scores[i]):
        if sum(len(x) + 1 for j in chosen for x in parts[j]) + sum(len(x) + 1 for x in parts[i]) <= chars:
            chosen.append(i)
    return [x for i in sorted(chosen) for x in parts[i]]


def spread(passages: Sequence[Passage], chars: int) -> list[Passage]:
    """Passages evenly spaced over the call (when nothing ranks): the model still sees the whole call's course."""
    if not passages:
        return []
    average = sum(len(p.text) + 1 for p in passages) / len(passages)
    count = max(1, min(len(passages), int(chars // max(average, 1.0))))
    step = len(passages) / count
    return [passages[int(i * step)] for i in range(count)]
