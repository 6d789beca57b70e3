"""Embeddings of a call's segments: made once (after the summary, or at the first question about an older call)
and kept in SQLite with the call; the question's own vector is made per question.

When the endpoint fails (or serves no embeddings) answers go on with BM25 alone, and the endpoint is left alone
for a while instead of being asked again at every question.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

import numpy as np

from bot.llm.embeddings import Embedder, EmbeddingError
from bot.retrieval.vectors import mean_vector, pack, unpack
from database import Call, Database, Segment

log = logging.getLogger(__name__)
RETRY_AFTER_S = 300.0


class CallVectors:
    def __init__(self, db: Database, embedder: Embedder | None) -> None:
        self._db, self._embedder = db, embedder
        self._down_until = 0.0

    @property
    def available(self) -> bool:
        return self._embedder is not None and time.monotonic() >= self._down_until

    async def aclose(self) -> None:
        if self._embedder is not None:
            await self._embedder.aclose()

    async def segments(self, call: Call, segments: Sequence[Segment]) -> np.ndarray | None:
        """One vector per segment of the call (what was said: speaker names may change, the meaning does not);
        stored ones, else made and stored now."""
        if self._embedder is None or not segments:
            return None
        stored = await self._db.vectors.segments(call.user_id, call.id, self._embedder.model)
        if len(stored) == len(segments):
            return unpack(stored)
        return await self._index(call, segments)

    async def index_call(self, call: Call) -> None:
        """Make and store the vectors of a freshly summarized call; never raises (questions can do without, and
        make them later)."""
        if not self.available:
            return
        try:
            await self.segments(call, await self._db.transcripts.segments(call.user_id, call.id))
        except Exception:
            log.exception("the segment vectors of call %s could not be made", call.id)

    async def query(self, text: str) -> np.ndarray | None:
        """The vector of a question; ``None`` while embeddings are unavailable."""
        matrix = await self._embed([text])
        return matrix[0] if matrix is not None and len(matrix) else None

    async def call_means(self, user_id: int) -> tuple[list[int], np.ndarray]:
        """The user's calls that have vectors, and their mean vectors (one row each)."""
        if self._embedder is None:
            return [], np.zeros((0, 0), dtype=np.float32)
        rows = await self._db.vectors.calls(user_id, self._embedder.model)
        return [call_id for call_id, _ in rows], unpack([blob for _, blob in rows])

    async def _index(self, call: Call, segments: Sequence[Segment]) -> np.ndarray | None:
        matrix = await self._embed([s.text for s in segments])
        if matrix is None or self._embedder is None:
            return None
        try:
            await self._db.vectors.replace(
                call.user_id, call.id, self._embedder.model, [pack(row) for row in matrix], pack(mean_vector(matrix))
            )
        except LookupError:  # the call was deleted meanwhile: keep nothing of it
            return None
        return unpack([pack(row) for row in matrix])  # as stored, so a stored call ranks the same later

    async def _embed(self, texts: list[str]) -> np.ndarray | None:
        if self._embedder is None or not self.available:
            return None
        try:
            return await self._embedder.embed(texts)
        except EmbeddingError as exc:
            self._down_until = time.monotonic() + RETRY_AFTER_S
            log.warning("embeddings unavailable (%s): answers use BM25 alone for %.0f s", exc, RETRY_AFTER_S)
            return None
