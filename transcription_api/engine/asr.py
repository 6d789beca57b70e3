"""Speech recognition stage: whisperx VAD + batched ASR, then word timestamps."""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable
from typing import Any

import numpy as np

from transcription_api.engine.errors import EngineError, ModelUnavailable
from transcription_api.engine.models import ModelChoice
from transcription_api.engine.types import SAMPLE_RATE, Segment, Word
from transcription_api.settings import ApiSettings

log = logging.getLogger(__name__)
Progress = Callable[[float], None]  # 0-100 within the stage


class AsrStage:
    """Loads the whisper pipeline once; transcribes many files."""

    def __init__(self, choice: ModelChoice, settings: ApiSettings) -> None:
        import whisperx

        self.choice = choice
        threads = settings.cpu_threads or os.cpu_count() or 1
        try:
            self._pipeline = whisperx.load_model(
                choice.reference,
                choice.device,
                compute_type=choice.compute_type,
                language="en" if choice.english_only else settings.language,
                vad_method="pyannote",
                download_root=str(settings.model_dir) if settings.model_dir else None,
                threads=threads,
            )
        except Exception as exc:  # hub errors, missing files, CUDA problems: all mean "cannot load"
            raise ModelUnavailable(f"Whisper model '{choice.label}' could not be loaded: {exc}") from exc
        self._batch_size = settings.batch_size
        self._default_options = self._pipeline.options

    @property
    def whisper(self) -> Any:
        """The underlying faster-whisper model (shared with the word-timestamp stage)."""
        return self._pipeline.model

    def transcribe(
        self, audio: np.ndarray, language: str | None, prompt: str | None, progress: Progress
    ) -> tuple[str, list[dict[str, Any]]]:
        """Return (language, raw segments with start/end/text) for speech found by VAD."""
        if self.choice.english_only and language not in (None, "en"):
            raise EngineError(f"Model '{self.choice.label}' transcribes English only, not '{language}'.")
        self._pipeline.options = dataclasses.replace(self._default_options, initial_prompt=prompt or None)
        try:
            result = self._pipeline.transcribe(
                audio, batch_size=self._batch_size, language=language, progress_callback=progress
            )
        finally:
            self._pipeline.options = self._default_options
        segments = [s for s in result["segments"] if s["text"].strip()]
        return result["language"], segments


class WordTimestamps:
    """Word times from the whisper decoder's cross-attention (faster-whisper's word_timestamps method)."""

    def __init__(self, asr: AsrStage) -> None:
        from faster_whisper.transcribe import merge_punctuations

        self._model = asr.whisper
        self._merge = merge_punctuations
        self._tokenizers: dict[str, Any] = {}

    def apply(self, audio: np.ndarray, raw: list[dict[str, Any]], language: str, progress: Progress) -> list[Segment]:
        out: list[Segment] = []
        for index, seg in enumerate(raw):
            words = self._segment_words(audio, seg, language)
            out.append(Segment(start=seg["start"], end=seg["end"], text=seg["text"].strip(), words=words))
            progress(100.0 * (index + 1) / len(raw))
        return out

    def _segment_words(self, audio: np.ndarray, seg: dict[str, Any], language: str) -> list[Word]:
        from faster_whisper.audio import pad_or_trim

        start, end = float(seg["start"]), float(seg["end"])
        chunk = audio[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)]
        features = self._model.feature_extractor(chunk)
        num_frames = min(features.shape[-1], self._model.feature_extractor.nb_max_frames)
        encoded = self._model.encode(pad_or_trim(features))
        tokenizer = self._tokenizer(language)
        tokens = tokenizer.encode(" " + seg["text"].strip())
        alignment = self._model.find_alignment(tokenizer, [tokens], encoded, num_frames)[0]
        self._merge(alignment, "\"'“¿([{-", "\"'.。,，!！?？:：”)]}、")
        return _to_words(alignment, start, end)

    def _tokenizer(self, language: str) -> Any:
        from faster_whisper.tokenizer import Tokenizer

        if language not in self._tokenizers:
            multilingual = self._model.model.is_multilingual
            self._tokenizers[language] = Tokenizer(
                self._model.hf_tokenizer, multilingual, task="transcribe", language=language if multilingual else "en"
            )
        return self._tokenizers[language]


def _to_words(alignment: list[dict[str, Any]], offset: float, limit: float) -> list[Word]:
    words: list[Word] = []
    cursor = offset
    for item in alignment:
        text = item["word"].strip()
        if not text:
            continue
        start = min(max(offset + float(item["start"]), cursor), limit)
        end = min(max(offset + float(item["end"]), start), limit)
        words.append(Word(text, round(start, 3), round(end, 3), probability=round(float(item["probability"]), 3)))
        cursor = start
    return words
