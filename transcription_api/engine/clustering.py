"""Speaker clustering of voice embeddings with a speaker-count estimate that honours min/max/num."""

from __future__ import annotations

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import AgglomerativeClustering

# Average-linkage cosine distance above which two groups of windows are taken for different voices.
DISTANCE_THRESHOLD = 0.30
# Clusters holding less than this share of windows are boundary noise, not speakers.
MIN_CLUSTER_SHARE = 0.03
# At most this many windows are clustered (linkage memory grows with the square of their number: 4,000 windows,
# 27 minutes of speech, take 64 MB); in a longer recording an evenly spread sample of them is, and every other
# window joins the nearest resulting voice, so speakers stay consistent across the whole recording.
MAX_CLUSTERED = 4000
_ASSIGN_BATCH = 8192


def cluster_speakers(
    embeddings: np.ndarray,
    *,
    core: np.ndarray | None = None,
    min_speakers: int | None = None,
    max_speakers: int | None = None,
    num_speakers: int | None = None,
    max_default: int = 8,
) -> np.ndarray:
    """Label each embedding with a speaker index 0..k-1, numbered by first appearance.

    Only ``core`` embeddings (clean single-voice windows; at most MAX_CLUSTERED of them, evenly spread) shape the
    clusters; the others join the nearest one.
    """
    if core is None or int(core.sum()) < 2 or int(core.sum()) == len(embeddings):
        core = np.ones(len(embeddings), dtype=bool)
    core = _spread_sample(core, MAX_CLUSTERED)
    chosen = np.asarray(embeddings[core], dtype=np.float32)
    labels = _cluster(chosen, min_speakers, max_speakers, num_speakers, max_default)
    if len(chosen) == len(embeddings):
        return _first_appearance(labels)
    return _first_appearance(_attach(embeddings, core, labels))


def _spread_sample(mask: np.ndarray, limit: int) -> np.ndarray:
    """``mask`` with at most ``limit`` of its true entries kept, evenly spread over the recording."""
    chosen = np.flatnonzero(mask)
    if len(chosen) <= limit:
        return mask
    kept = np.zeros_like(mask)
    kept[chosen[np.linspace(0, len(chosen) - 1, limit).round().astype(int)]] = True
    return kept


def _cluster(
    embeddings: np.ndarray, min_speakers: int | None, max_speakers: int | None, num_speakers: int | None,
    max_default: int,
) -> np.ndarray:  # fmt: skip
    n = len(embeddings)
    if n < 2:
        return np.zeros(n, dtype=int)
    if num_speakers is not None:
        k = min(num_speakers, n)
        return _absorb_small_clusters(embeddings, _agglomerate(embeddings, k), k)
    low = min(max(1, min_speakers or 1), n)
    high = min(max_speakers or max(max_default, low), n)
    tree = linkage(embeddings, method="average", metric="cosine")
    labels = fcluster(tree, DISTANCE_THRESHOLD, criterion="distance") - 1
    labels = _absorb_small_clusters(embeddings, labels, 1)
    k = len(np.unique(labels))
    if not low <= k <= high:
        k = min(max(k, low), high)
        labels = _absorb_small_clusters(embeddings, _agglomerate(embeddings, k), k)
    return labels


def _attach(embeddings: np.ndarray, core: np.ndarray, core_labels: np.ndarray) -> np.ndarray:
    """Every embedding takes the label of the nearest core-cluster centroid; core ones keep their own."""
    ids = np.unique(core_labels)
    chosen = np.asarray(embeddings[core], dtype=np.float32)
    centroids = np.stack([_unit(chosen[core_labels == i].mean(axis=0)) for i in ids])
    labels = np.empty(len(embeddings), dtype=int)
    for first in range(0, len(embeddings), _ASSIGN_BATCH):
        batch = np.asarray(embeddings[first : first + _ASSIGN_BATCH], dtype=np.float32)
        labels[first : first + len(batch)] = ids[np.argmax(batch @ centroids.T, axis=1)]
    labels[core] = core_labels
    return labels


def _agglomerate(embeddings: np.ndarray, k: int) -> np.ndarray:
    if k <= 1 or len(embeddings) < 2:
        return np.zeros(len(embeddings), dtype=int)
    model = AgglomerativeClustering(n_clusters=k, metric="cosine", linkage="average")
    return np.asarray(model.fit_predict(embeddings), dtype=int)


def _absorb_small_clusters(embeddings: np.ndarray, labels: np.ndarray, keep_at_least: int) -> np.ndarray:
    """Fold clusters holding a tiny share of windows (boundary noise) into their nearest big cluster."""
    labels = labels.copy()
    while True:
        ids, counts = np.unique(labels, return_counts=True)
        if len(ids) <= keep_at_least:
            return labels
        smallest = int(np.argmin(counts))
        if counts[smallest] >= max(2, MIN_CLUSTER_SHARE * len(labels)):
            return labels
        small_id = ids[smallest]
        centroids = {i: _unit(embeddings[labels == i].mean(axis=0)) for i in ids if i != small_id}
        members = np.where(labels == small_id)[0]
        for index in members:
            labels[index] = max(centroids, key=lambda i: float(embeddings[index] @ centroids[i]))


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def _first_appearance(labels: np.ndarray) -> np.ndarray:
    order: dict[int, int] = {}
    for label in labels.tolist():
        order.setdefault(label, len(order))
    return np.array([order[label] for label in labels.tolist()], dtype=int)
