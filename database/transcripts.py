"""Queries on ``speakers``, ``segments`` and ``words`` (a call's diarized transcript)."""

from __future__ import annotations

import time
from collections.abc import Sequence

import aiosqlite

from database.models import NamedBy, Segment, Speaker, Word
from database.transactions import transaction


class TranscriptQueries:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def _owned(self, user_id: int, call_id: int) -> bool:
        async with self._conn.execute("SELECT 1 FROM calls WHERE id = ? AND user_id = ?", (call_id, user_id)) as cur:
            return await cur.fetchone() is not None

    async def replace(
        self, user_id: int, call_id: int, segments: Sequence[Segment], speakers: Sequence[Speaker]
    ) -> None:
        """Store the whole transcript of a call in one transaction, replacing any earlier one."""
        if not await self._owned(user_id, call_id):
            raise LookupError(f"call {call_id} does not belong to user {user_id}")
        async with transaction(self._conn) as conn:
            await _write(conn, call_id, segments, speakers)

    async def replace_speakers(
        self, user_id: int, call_id: int, segments: Sequence[Segment], speakers: Sequence[Speaker], job_id: str
    ) -> bool:
        """The same words with speakers found again, in one transaction: the transcript is replaced (speaker names
        start afresh), the call goes back to ``summarizing`` (its summary is made again, also after a restart) and
        the service's job ``job_id`` is due for deletion. False when the call is gone or busy."""
        async with transaction(self._conn) as conn:
            cur = await conn.execute(
                "UPDATE calls SET status = 'summarizing', error = NULL, delivered_at = NULL, updated_at = ?"
                " WHERE id = ? AND user_id = ? AND status IN ('done', 'summary_failed')",
                (time.time(), call_id, user_id),
            )
            if cur.rowcount == 0:
                return False
            await _write(conn, call_id, segments, speakers)
            await conn.execute(
                "INSERT INTO pending_deletions(job_id, created_at, next_attempt_at) VALUES (?, ?, ?)"
                " ON CONFLICT(job_id) DO UPDATE SET next_attempt_at = excluded.next_attempt_at",
                (job_id, time.time(), time.time()),
            )
        return True

    async def segments(self, user_id: int, call_id: int, with_words: bool = False) -> list[Segment]:
        async with self._conn.execute(
            'SELECT s.id, s.start, s."end", s.text, s.speaker'
            " FROM segments s JOIN calls c ON c.id = s.call_id"
            " WHERE s.call_id = ? AND c.user_id = ? ORDER BY s.idx",
            (call_id, user_id),
        ) as cur:
            rows = await cur.fetchall()
        words: dict[int, list[Word]] = {}
        if with_words and rows:
            async with self._conn.execute(
                'SELECT w.segment_id, w.word, w.start, w."end", w.speaker, w.probability FROM words w'
                " JOIN segments s ON s.id = w.segment_id WHERE s.call_id = ? ORDER BY w.segment_id, w.idx",
                (call_id,),
            ) as cur:
                for seg_id, word, start, end, speaker, probability in await cur.fetchall():
                    words.setdefault(seg_id, []).append(Word(word, start, end, speaker, probability))
        return [
            Segment(start, end, text, speaker, tuple(words.get(seg_id, ())))
            for seg_id, start, end, text, speaker in rows
        ]

    async def speakers(self, user_id: int, call_id: int) -> list[Speaker]:
        async with self._conn.execute(
            "SELECT sp.label, sp.number, sp.talk_seconds, sp.name, sp.named_by FROM speakers sp"
            " JOIN calls c ON c.id = sp.call_id WHERE sp.call_id = ? AND c.user_id = ?"
            " ORDER BY sp.talk_seconds DESC, sp.label",
            (call_id, user_id),
        ) as cur:
            return [speaker_of(*row) for row in await cur.fetchall()]

    async def rename_speaker(
        self, user_id: int, call_id: int, label: str, name: str | None, named_by: NamedBy = NamedBy.USER
    ) -> bool:
        """Give a speaker of the user's call a name (``None``: no name, the speaker is its number again); False
        when there is no such speaker."""
        async with transaction(self._conn) as conn:
            cur = await conn.execute(
                "UPDATE speakers SET name = ?, named_by = ? WHERE call_id = ? AND label = ?"
                " AND EXISTS (SELECT 1 FROM calls c WHERE c.id = ? AND c.user_id = ?)",
                (name, None if name is None else named_by, call_id, label, call_id, user_id),
            )
            return cur.rowcount > 0

    async def copy(self, user_id: int, source_call_id: int, target_call_id: int) -> None:
        """Reuse the transcript of one of the user's calls for another of the user's calls."""
        segments = await self.segments(user_id, source_call_id, with_words=True)
        speakers = await self.speakers(user_id, source_call_id)
        await self.replace(user_id, target_call_id, segments, speakers)


async def _write(
    conn: aiosqlite.Connection, call_id: int, segments: Sequence[Segment], speakers: Sequence[Speaker]
) -> None:
    """Inside a transaction: the call's transcript and speakers, replacing what was there."""
    await conn.execute("DELETE FROM segments WHERE call_id = ?", (call_id,))
    await conn.execute("DELETE FROM speakers WHERE call_id = ?", (call_id,))
    await conn.executemany(
        "INSERT INTO speakers(call_id, label, number, name, named_by, talk_seconds) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (call_id, s.label, s.number, s.name, s.named_by if s.name is not None else None, s.talk_seconds)
            for s in speakers
        ],
    )
    for idx, seg in enumerate(segments):
        cur = await conn.execute(
            'INSERT INTO segments(call_id, idx, start, "end", speaker, text) VALUES (?, ?, ?, ?, ?, ?)',
            (call_id, idx, seg.start, seg.end, seg.speaker, seg.text),
        )
        await conn.executemany(
            'INSERT INTO words(segment_id, idx, word, start, "end", speaker, probability) VALUES (?, ?, ?, ?, ?, ?, ?)',
            [(cur.lastrowid, i, w.word, w.start, w.end, w.speaker, w.probability) for i, w in enumerate(seg.words)],
        )


def speaker_of(label: str, number: int, talk_seconds: float, name: str | None, named_by: str | None) -> Speaker:
    """A ``speakers`` row (label, number, talk_seconds, name, named_by) as a Speaker."""
    return Speaker(label, number, talk_seconds, name, NamedBy(named_by) if named_by is not None else None)
