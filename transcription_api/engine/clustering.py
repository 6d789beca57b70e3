"""Speaker clustering of voice embeddings with a speaker-count estimate that honours min/max/num."""

from __future__ import annotations

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import AgglomerativeClustering

# Average-linkage cosine distance above which two groups of windows are taken for different voices.
DISTANCE_THRESHOLD = 0.30
# Clusters holding less than this share of windows are boundary noise, not speakers.
MIN_CLUSTER_SHARE = 0.03


def cluster_speakers(
    embeddings: np.ndarray,
    *,
    min_speakers: int | None = None,
    max_speakers: int | None = None,
    num_speakers: int | None = None,
    max_default: int = 8,
) -> np.ndarray:
    """Label each embedding with a speaker index 0..k-1, numbered by first appearance."""
    n = len(embeddings)
    if n < 2:
        return np.zeros(n, dtype=int)
    if num_speakers is not None:
        k = min(num_speakers, n)
        return _first_appearance(_absorb_small_clusters(embeddings, _agglomerate(embeddings, k), k))
    low = min(max(1, min_speakers or 1), n)
    high = min(max_speakers or max(max_default, low), n)
    tree = linkage(embeddings, method="average", metric="cosine")
    labels = fcluster(tree, DISTANCE_THRESHOLD, criterion="distance") - 1
    labels = _absorb_small_clusters(embeddings, labels, 1)
    k = len(np.unique(labels))
    if not low <= k <= high:
        k = min(max(k, low), high)
        labels = _absorb_small_clusters(embeddings, _agglomerate(embeddings, k), k)
    return _first_appearance(labels)


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
