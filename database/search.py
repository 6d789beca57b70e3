"""Full-text search over every segment of a user's calls: an FTS5 table of stemmed text, ranked with bm25().

The index holds ``stem_text(segments.text)``, kept in sync by triggers on ``segments`` (insert, copy, delete,
and deletes cascading from calls). ``stem_text`` is the bot's Snowball stemmer registered on each connection, so
the index is written and queried with the same terms.
"""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite

from database.models import SearchHit, Segment
from database.search_terms import stemmed_text  # one stemmer for the index and the queries
from database.transcripts import speaker_of


async def register_stemmer(conn: aiosqlite.Connection) -> None:
    await conn.create_function("stem_text", 1, stemmed_text, deterministic=True)


def match_expression(terms: Sequence[str]) -> str:
    """An FTS5 query matching any of the (already stemmed) terms, each quoted as a plain string."""
    unique = dict.fromkeys(t.replace('"', "") for t in terms if t.replace('"', ""))
    return " OR ".join(f'"{t}"' for t in unique)


class SearchQueries:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def segments(self, user_id: int, terms: Sequence[str], limit: int = 10) -> list[SearchHit]:
        """The user's best matching segments across all calls, best first (empty for no terms)."""
        expression = match_expression(terms)
        if not expression:
            return []
        async with self._conn.execute(
            "SELECT c.id, COALESCE(c.title, c.file_name, '#' || c.id), c.created_at, s.idx, s.start,"
            " s.text, s.speaker, sp.number, sp.talk_seconds, sp.name, sp.named_by"
            " FROM segment_search JOIN segments s ON s.id = segment_search.rowid"
            " JOIN calls c ON c.id = s.call_id"
            " LEFT JOIN speakers sp ON sp.call_id = s.call_id AND sp.label = s.speaker"
            " WHERE segment_search MATCH ? AND c.user_id = ? ORDER BY bm25(segment_search) LIMIT ?",
            (expression, user_id, limit),
        ) as cur:
            rows = await cur.fetchall()
        return [_hit(*row) for row in rows]

    async def around(self, user_id: int, call_id: int, idx: int, radius: int = 1) -> list[Segment]:
        """The segment ``idx`` of the user's call and ``radius`` neighbours on each side, in order."""
        async with self._conn.execute(
            'SELECT s.start, s."end", s.text, s.speaker FROM segments s JOIN calls c ON c.id = s.call_id'
            " WHERE s.call_id = ? AND c.user_id = ? AND s.idx BETWEEN ? AND ? ORDER BY s.idx",
            (call_id, user_id, idx - radius, idx + radius),
        ) as cur:
            return [Segment(*row) for row in await cur.fetchall()]


def _hit(
    call_id: int,
    title: str,
    at: float,
    idx: int,
    start: float,
    text: str,
    label: str | None,
    number: int | None,
    talk_seconds: float,
    name: str | None,
    named_by: str | None,
) -> SearchHit:
    """A search row; its speaker when the segment has one (the label is then the speaker's)."""
    speaker = None if number is None or label is None else speaker_of(label, number, talk_seconds, name, named_by)
    return SearchHit(call_id, title, at, idx, start, text, label, speaker)
