"""Embedding vectors as stored (little-endian float32 bytes) and compared (cosine of unit vectors, in numpy).

A call has a few hundred passages at most (a two-hour call about 300), so the vectors of one call are compared
with a query in one matrix product, well under a millisecond; see bot/README.md for why no vector index is used.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def pack(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def unpack(blobs: Sequence[bytes]) -> np.ndarray:
    """Stored vectors as one (n, d) matrix; an empty or inconsistent set gives an empty matrix."""
    if not blobs or len({len(b) for b in blobs}) != 1:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack([np.frombuffer(b, dtype="<f4") for b in blobs]).astype(np.float32)


def mean_vector(matrix: np.ndarray) -> np.ndarray:
    """The unit-length mean of a call's passage vectors: what /ask compares a question with to pick calls."""
    mean = matrix.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def cosine_order(matrix: np.ndarray, query: np.ndarray) -> list[int]:
    """Row indices of ``matrix`` (unit vectors), most similar to ``query`` first."""
    if matrix.size == 0 or query.size != matrix.shape[1]:
        return []
    return [int(i) for i in np.argsort(-(matrix @ query), kind="stable")]
