"""Speaker-count estimate and clustering on controlled embeddings (real sklearn/scipy, no model)."""

from __future__ import annotations

import numpy as np
import pytest

from transcription_api.engine.clustering import cluster_speakers
from transcription_api.engine.diarize import stable_windows, turns_from_windows


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


def test_windows_straddling_a_change_of_voice_are_not_stable() -> None:
    a, b = voices([1, 1], spread=0.0, seed=3)
    mixed = (a + b) / np.linalg.norm(a + b)
    # one region: 10 windows of voice a, 3 windows mixing a and b, 10 windows of b; then a region too short
    embeddings = np.stack([a] * 10 + [mixed] * 3 + [b] * 10 + [a])
    centers = np.array([0.8 + 0.4 * i for i in range(23)] + [12.3])
    stable = stable_windows(centers, embeddings, [(0.0, 11.0), (12.0, 12.6)])
    assert stable[:6].all() and stable[17:23].all()
    assert not stable[8:15].any()  # the mixture and its neighbours, whose context disagrees
    assert not stable[23]
    labels = cluster_speakers(embeddings, core=stable)
    assert set(labels.tolist()) == {0, 1} and labels[23] == 0


def test_a_few_windows_near_a_voice_join_it_and_a_distant_short_speaker_stays() -> None:
    """A cluster with too little evidence (under MIN_SPEAKER_CORE single-voice windows and MIN_SPEAKER_WINDOWS in
    all) joins its nearest voice unless it is farther than SEPARATE_VOICE from every voice."""
    rng = np.random.default_rng(5)
    a, b, far = voices([1, 1, 1], spread=0.0, seed=11)
    near_b = b + 1.1 * _unit_noise(rng)  # about 0.38 from b: a piece of b that noise pulled away
    rows = [a] * 30 + [b] * 30 + [near_b] * 4
    data = np.stack(rows) + rng.normal(scale=0.02, size=(64, 64))
    labels = cluster_speakers(data / np.linalg.norm(data, axis=1, keepdims=True))
    assert labels.tolist() == [0] * 30 + [1] * 34
    rows = [a] * 30 + [b] * 30 + [far] * 4  # a real speaker who said little, far from both
    data = np.stack(rows) + rng.normal(scale=0.02, size=(64, 64))
    labels = cluster_speakers(data / np.linalg.norm(data, axis=1, keepdims=True))
    assert labels.tolist() == [0] * 30 + [1] * 30 + [2] * 4


def _unit_noise(rng: np.random.Generator) -> np.ndarray:
    vector = rng.normal(size=64)
    return vector / np.linalg.norm(vector)
