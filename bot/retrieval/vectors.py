"""Embedding vectors as stored (little-endian float16 bytes: half the size, cosine barely changes) and compared
(cosine of unit vectors, in numpy).

Every segment (about a sentence) has its own vector, and a passage is as near a question as its nearest segment:
a whole passage embedded at once blurs one sentence into its neighbours. A call has at most a few thousand
segments (a two-hour call about 1,200), compared with a question in one matrix product, in about a millisecond;
see bot/README.md for why no vector index is used.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bot.retrieval.passages import Passage


def pack(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f2").tobytes()


def unpack(blobs: Sequence[bytes]) -> np.ndarray:
    """Stored vectors as one (n, d) float32 matrix; an empty or inconsistent set gives an empty matrix."""
    if not blobs or len({len(b) for b in blobs}) != 1:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack([np.frombuffer(b, dtype="<f2") for b in blobs]).astype(np.float32)


def mean_vector(matrix: np.ndarray) -> np.ndarray:
    """The unit-length mean of a call's vectors: what /ask compares a question with to pick calls."""
    mean = matrix.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def cosine_order(matrix: np.ndarray, query: np.ndarray) -> list[int]:
    """Row indices of ``matrix`` (unit vectors), most similar to ``query`` first."""
    if matrix.size == 0 or query.size != matrix.shape[1]:
        return []
    return [int(i) for i in np.argsort(-(matrix @ query), kind="stable")]


def passage_order(segment_vectors: np.ndarray, passages: Sequence[Passage], query: np.ndarray) -> list[int]:
    """Passage indices, the one whose nearest segment is nearest ``query`` first."""
    if segment_vectors.size == 0 or query.size != segment_vectors.shape[1] or not passages:
        return []
    similarity = segment_vectors @ query
    best = np.array([similarity[p.first : p.first + len(p.segments)].max() for p in passages])
    return [int(i) for i in np.argsort(-best, kind="stable")]
