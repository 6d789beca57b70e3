"""Speaker-count estimate and clustering on controlled embeddings (real sklearn/scipy, no model)."""

from __future__ import annotations

import numpy as np
import pytest

from transcription_api.engine.clustering import cluster_speakers
from transcription_api.engine.diarize import turns_from_windows


def voices(counts: list[int], spread: float = 0.25, seed: int = 0) -> np.ndarray:
    """Unit vectors scattered around one random direction per speaker, in speaking order."""
    rng = np.random.default_rng(seed)
    rows = []
    for count in counts:
        center = rng.normal(size=64)
        center /= np.linalg.norm(center)
        noise = rng.normal(scale=spread / np.sqrt(64), size=(count, 64))
        rows.append(center + noise)
    data = np.concatenate(rows)
    return data / np.linalg.norm(data, axis=1, keepdims=True)


@pytest.mark.parametrize("counts", [[30], [20, 25], [15, 12, 18], [10, 10, 10, 10]])
def test_estimates_the_number_of_voices(counts: list[int]) -> None:
    labels = cluster_speakers(voices(counts))
    expected = np.repeat(np.arange(len(counts)), counts)
    assert labels.tolist() == expected.tolist()


def test_stray_windows_do_not_become_speakers() -> None:
    data = voices([25, 25])
    stray = np.random.default_rng(7).normal(size=(1, 64))
    labels = cluster_speakers(np.concatenate([data, stray / np.linalg.norm(stray)]))
    assert set(labels.tolist()) == {0, 1}


def test_honours_num_min_and_max() -> None:
    three = voices([15, 15, 15])
    assert len(set(cluster_speakers(three, num_speakers=2).tolist())) == 2
    assert len(set(cluster_speakers(three, max_speakers=2).tolist())) == 2
    one = voices([40])
    assert len(set(cluster_speakers(one, min_speakers=2).tolist())) == 2
    assert len(set(cluster_speakers(voices([10, 10]), min_speakers=1, max_speakers=1).tolist())) == 1


def test_tiny_inputs() -> None:
    assert cluster_speakers(np.zeros((0, 8))).tolist() == []
    assert cluster_speakers(voices([1])).tolist() == [0]


def test_turns_cut_where_the_voice_changes() -> None:
    regions = [(0.0, 4.0), (5.0, 6.0)]
    centers = np.array([0.8, 1.6, 2.4, 3.2, 5.5])
    labels = np.array([0, 0, 1, 1, 0])
    turns = [(t.start, t.end, t.speaker) for t in turns_from_windows(regions, centers, labels)]
    assert turns == [(0.0, 2.0, "SPEAKER_00"), (2.0, 4.0, "SPEAKER_01"), (5.0, 6.0, "SPEAKER_00")]
