"""Speaker clustering of voice embeddings with a speaker-count estimate that honours min/max/num."""

from __future__ import annotations

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import AgglomerativeClustering

# Average-linkage cosine distance above which two groups of windows are taken for different voices.
DISTANCE_THRESHOLD = 0.30
# Clusters holding less than this share of windows are boundary noise, not speakers.
MIN_CLUSTER_SHARE = 0.03
# Evidence for a speaker of its own. Noise and narrowband channels scatter one voice's windows, and clustering then
# splits off a few seconds of it as a phantom speaker. A cluster with fewer than MIN_SPEAKER_CORE single-voice
# windows (about 3.6 s of clean speech) and fewer than MIN_SPEAKER_WINDOWS windows in all (about 7 s of speech)
# joins the nearest other voice, unless it is farther than SEPARATE_VOICE from every one of them: then it is a real
# speaker who said little. The rule never leaves fewer than two voices. Measured on telephone, codec, babble and
# reverberant calls (transcription_api/README.md): phantom pieces lay 0.16-0.37 from their own voice.
MIN_SPEAKER_CORE = 6
MIN_SPEAKER_WINDOWS = 15
SEPARATE_VOICE = 0.45
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
    if len(chosen) != len(embeddings):
        labels = _attach(embeddings, core, labels)
    if num_speakers is None:
        labels = _merge_unsupported(embeddings, labels, core, max(2, min_speakers or 1))
    return _first_appearance(labels)


def _spread_sample(mask: np.ndarray, limit: int) -> np.ndarray:
    """``mask`` with at most ``limit`` of its true entries kept, evenly spread over the recording."""
    chosen = np.flatnonzero(mask)
    if len(chosen) <= limit:
        return mask
    kept = np.zeros_like(mask)
    kept[chosen[np.linspace(0, len(chosen) - 1, limit).round().astype(int)]] = True
    return kept


def _cluster(
    embeddings: np.ndarray,
    min_speakers: int | None,
    max_speakers: int | None,
    num_speakers: int | None,
    max_default: int,
) -> np.ndarray:
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


def _merge_unsupported(embeddings: np.ndarray, labels: np.ndarray, core: np.ndarray, keep: int) -> np.ndarray:
    """Fold each cluster with too little evidence into the nearest other voice, smallest first, unless it is far
    from all of them (see MIN_SPEAKER_CORE); never below ``keep`` speakers. The rule never folds two voices into
    one (``keep`` >= 2): between one speaker and two the distance threshold decides, since a call given entirely to
    one person loses more than a phantom second speaker does."""
    labels = labels.copy()
    while True:
        ids, counts = np.unique(labels, return_counts=True)
        if len(ids) <= keep:
            return labels
        cores = np.array([int(np.count_nonzero(core[labels == i])) for i in ids])
        centroids = _centroids(embeddings, labels, ids, core)
        similarity = centroids @ centroids.T
        np.fill_diagonal(similarity, -np.inf)
        nearest = np.argmax(similarity, axis=1)
        weak = [
            k
            for k in np.argsort(counts, kind="stable")
            if cores[k] < MIN_SPEAKER_CORE
            and counts[k] < MIN_SPEAKER_WINDOWS
            and 1.0 - similarity[k, nearest[k]] < SEPARATE_VOICE
        ]
        if not weak:
            return labels
        labels[labels == ids[weak[0]]] = ids[nearest[weak[0]]]


def _centroids(embeddings: np.ndarray, labels: np.ndarray, ids: np.ndarray, core: np.ndarray) -> np.ndarray:
    """Unit centroid of each label's core windows (all its windows if it has no core one), summed batch by batch."""
    sums = np.zeros((len(ids), embeddings.shape[1]), np.float64)
    core_sums = np.zeros_like(sums)
    position = {int(i): k for k, i in enumerate(ids)}
    rows = np.array([position[int(label)] for label in labels.tolist()], dtype=int)
    for first in range(0, len(embeddings), _ASSIGN_BATCH):
        batch = np.asarray(embeddings[first : first + _ASSIGN_BATCH], dtype=np.float64)
        where = rows[first : first + len(batch)]
        np.add.at(sums, where, batch)
        np.add.at(core_sums, where, batch * core[first : first + len(batch), None])
    has_core = np.abs(core_sums).sum(axis=1) > 0
    chosen = np.where(has_core[:, None], core_sums, sums)
    return np.stack([_unit(row) for row in chosen]).astype(np.float32)


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def _first_appearance(labels: np.ndarray) -> np.ndarray:
    order: dict[int, int] = {}
    for label in labels.tolist():
        order.setdefault(label, len(order))
    return np.array([order[label] for label in labels.tolist()], dtype=int)
