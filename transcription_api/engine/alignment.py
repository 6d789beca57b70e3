"""Optional wav2vec2 forced alignment (whisperx.align) when an alignment model is available locally."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from transcription_api.engine.types import Segment, Word

log = logging.getLogger(__name__)


class Wav2Vec2Aligner:
    """Aligns words with a local wav2vec2 CTC model; returns None when it cannot, so the caller falls back."""

    def __init__(self, model_dir: Path, device: str) -> None:
        import whisperx

        self._whisperx = whisperx
        self._model_dir = model_dir
        self._device = device
        self._loaded: dict[str, tuple[Any, dict[str, Any]]] = {}

    def apply(self, audio: np.ndarray, raw: list[dict[str, Any]], language: str) -> list[Segment] | None:
        try:
            model, metadata = self._model_for(language)
            aligned = self._whisperx.align(raw, model, metadata, audio, self._device, return_char_alignments=False)
        except Exception as exc:  # missing language support, tokenizer data, model mismatch
            log.warning("wav2vec2 alignment unavailable for %s (%s); using whisper word timestamps", language, exc)
            return None
        segments = [_segment(s) for s in aligned["segments"]]
        if any(not s.words for s in segments):
            return None
        return segments

    def _model_for(self, language: str) -> tuple[Any, dict[str, Any]]:
        if language not in self._loaded:
            self._loaded[language] = self._whisperx.load_align_model(
                language_code=language, device=self._device, model_name=str(self._model_dir)
            )
        return self._loaded[language]


def _segment(raw: dict[str, Any]) -> Segment:
    words = [
        Word(w["word"], round(float(w["start"]), 3), round(float(w["end"]), 3), probability=w.get("score"))
        for w in raw.get("words", [])
        if "start" in w and "end" in w
    ]
    return Segment(float(raw["start"]), float(raw["end"]), raw["text"].strip(), words=words)
