"""Optional wav2vec2 forced alignment (whisperx.align) when an alignment model is available locally."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from transcription_api.engine.languages import NO_SPACE_LANGUAGES
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
        segments = [_segment(s, spaced=language not in NO_SPACE_LANGUAGES) for s in aligned["segments"]]
        if any(not s.words for s in segments):
            return None
        return segments

    def _model_for(self, language: str) -> tuple[Any, dict[str, Any]]:
        if language not in self._loaded:
            self._loaded[language] = self._whisperx.load_align_model(
                language_code=language, device=self._device, model_name=str(self._model_dir)
            )
        return self._loaded[language]


def _segment(raw: dict[str, Any], spaced: bool) -> Segment:
    """whisperx splits the text at spaces (per character where there are none), so that is how words rejoin.

    Words wav2vec2 cannot align (digits, symbols: "$47,000") come back without times; they keep their place in the
    text and take the end of the word before them.
    """
    words: list[Word] = []
    cursor = float(raw["start"])
    for w in raw.get("words", []):
        start = float(w.get("start", cursor))
        end = max(float(w.get("end", start)), start)
        words.append(Word(w["word"], round(start, 3), round(end, 3), probability=w.get("score"), space_before=spaced))
        cursor = end
    return Segment(float(raw["start"]), float(raw["end"]), raw["text"].strip(), words=words)
