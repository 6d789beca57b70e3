"""What the model is shown for /ask: the best passages of the user's calls that fit the question.

Candidate calls come from the full-text index (calls where the question's words were said) fused with the calls
whose mean embedding is nearest the question; within each, passages are ranked as for one call, and the calls
take turns, best passage first, until the budget is used. Every line names its call.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.questions.answerer import Excerpt, Material
from bot.questions.call_material import Query
from bot.retrieval.call_vectors import CallVectors
from bot.retrieval.passages import Passage, build_passages
from bot.retrieval.retriever import CallIndex, fuse
from bot.retrieval.vectors import cosine_order
from bot.shared.call_titles import call_title, citable
from bot.shared.speaker_names import SpeakerNames
from database import Call, Database
from database.search_terms import tokens

MAX_CALLS = 5
SEARCH_HITS = 30


@dataclass(frozen=True)
class RankedCall:
    title: str
    passages: list[Passage]  # best first

    def excerpt(self, passage: Passage) -> Excerpt:
        return Excerpt(tuple(f"[{self.title} · {line[1:]}" for line in passage.text.splitlines()))


async def candidate_calls(db: Database, vectors: CallVectors, user_id: int, query: Query) -> list[int]:
    hits = await db.search.segments(user_id, tokens(query.text), SEARCH_HITS)
    lexical = list(dict.fromkeys(hit.call_id for hit in hits))
    semantic: list[int] = []
    if query.vector is not None:
        ids, means = await vectors.call_means(user_id)
        semantic = [ids[i] for i in cosine_order(means, query.vector)[:MAX_CALLS]]
    return fuse([lexical, semantic])[:MAX_CALLS]


async def rank_call(
    db: Database, vectors: CallVectors, call: Call, query: Query, unknown: str, semantic: bool
) -> RankedCall:
    segments = await db.transcripts.segments(call.user_id, call.id)
    names = SpeakerNames.of_speakers(await db.transcripts.speakers(call.user_id, call.id), unknown)
    passages = build_passages(segments, names)
    matrix = await vectors.segments(call, segments) if semantic else None
    ranking = await asyncio.to_thread(lambda: CallIndex(passages, matrix).ranking(query.text, (), query.vector))
    return RankedCall(citable(call_title(call)), [passages[i] for i in ranking])


async def across_material(
    db: Database, vectors: CallVectors, user_id: int, query: Query, budget: int, unknown: str, semantic: bool
) -> tuple[Material, list[Excerpt]]:
    """The material for /ask and the excerpts best first (taking turns between the calls)."""
    ranked: list[RankedCall] = []
    for call_id in await candidate_calls(db, vectors, user_id, query):
        call = await db.calls.get(user_id, call_id)
        if call is not None:
            ranked.append(await rank_call(db, vectors, call, query, unknown, semantic))
    deepest = max((len(r.passages) for r in ranked), default=0)
    turns = [r.excerpt(r.passages[depth]) for depth in range(deepest) for r in ranked if depth < len(r.passages)]
    chosen: list[Excerpt] = []
    used = 0
    for excerpt in turns:
        cost = sum(len(line) + 1 for line in excerpt.lines)
        if used + cost > budget and chosen:
            break
        chosen.append(excerpt)
        used += cost
    text = "\n\n".join("\n".join(e.lines) for e in chosen)
    return Material(text, tuple(line for e in chosen for line in e.lines)), chosen
