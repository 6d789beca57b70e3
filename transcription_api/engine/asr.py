"""Speech recognition stage: whisperx batched ASR with word timestamps from the same encoder pass.

Word times use faster-whisper's method (cross-attention alignment + punctuation merging), computed batch by batch
on the encoder output the ASR already produced, so no audio is encoded twice.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
from collections.abc import Callable
from typing import Any

import numpy as np
import whisperx
from faster_whisper.transcribe import merge_punctuations
from whisperx.asr import WhisperModel as WhisperxModel

from transcription_api.engine.chunking import EDGE_PAD_S, drop_seam_repeats
from transcription_api.engine.decoding import decode_batch, looks_invented
from transcription_api.engine.errors import EngineError, ModelUnavailable
from transcription_api.engine.models import ModelChoice
from transcription_api.engine.types import SAMPLE_RATE, Segment, Word
from transcription_api.engine.vad import Regions
from transcription_api.settings import ApiSettings

Progress = Callable[[float], None]  # 0-100 within the stage
PREPEND_PUNCTUATION = "\"'“¿([{-"
APPEND_PUNCTUATION = "\"'.。,，!！?？:：”)]}、"


class WordAligningWhisper(WhisperxModel):  # type: ignore[misc]
    """whisperx's batched model with sequential whisper's guards (see decoding.py), that also aligns each decoded
    text to the audio it came from."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.alignments: list[list[dict[str, Any]]] = []

    def generate_segment_batched(self, features: Any, tokenizer: Any, options: Any, encoder_output: Any = None) -> Any:
        mels = np.asarray(features, dtype=np.float32)
        mels = mels if mels.ndim == 3 else mels[None]
        encoded = self.encode(mels)
        prompt_tokens = tokenizer.encode(" " + options.initial_prompt.strip()) if options.initial_prompt else []
        prompt = self.get_prompt(
            tokenizer, prompt_tokens, without_timestamps=True, prefix=options.prefix, hotwords=options.hotwords
        )
        decoded = decode_batch(self, mels, encoded, [prompt] * len(mels), tokenizer, options)
        aligned = self.find_alignment(
            tokenizer, [d.tokens or [tokenizer.eot] for d in decoded], encoded, [content_frames(m) for m in mels]
        )
        texts = tokenizer.tokenizer.decode_batch([d.tokens for d in decoded])
        for index, (item, chunk) in enumerate(zip(aligned, decoded, strict=True)):
            merge_punctuations(item, PREPEND_PUNCTUATION, APPEND_PUNCTUATION)
            if looks_invented(chunk, item, options):
                aligned[index], texts[index] = [], ""
        self.alignments.extend(aligned)
        return {"text": texts, "avg_logprob": [d.avg_logprob for d in decoded]}


def content_frames(mel: np.ndarray) -> int:
    """Frames before the zero padding: padded frames all sit at the spectrogram's floor value."""
    floor = float(mel.min())
    active = np.nonzero((mel > floor + 1e-4).any(axis=0))[0]
    return int(active[-1]) + 1 if active.size else 1


class AsrStage:
    """Loads the whisper pipeline once; transcribes many files."""

    def __init__(self, choice: ModelChoice, settings: ApiSettings, preset_vad: Any = None) -> None:
        self.choice = choice
        self._preset_vad = preset_vad
        threads = settings.cpu_threads or os.cpu_count() or 1
        try:
            self._model = WordAligningWhisper(
                choice.reference,
                device=choice.device,
                compute_type=choice.compute_type,
                cpu_threads=threads,
                download_root=str(settings.model_dir) if settings.model_dir else None,
            )
            with contextlib.redirect_stdout(io.StringIO()):  # whisperx prints its VAD choice
                self._pipeline = whisperx.load_model(
                    choice.reference,
                    choice.device,
                    compute_type=choice.compute_type,
                    model=self._model,
                    language="en" if choice.english_only else settings.language,
                    vad_model=preset_vad,
                    asr_options={"beam_size": settings.beam_size},
                    threads=threads,
                )
        except Exception as exc:  # hub errors, missing files, CUDA problems: all mean "cannot load"
            raise ModelUnavailable(f"Whisper model '{choice.label}' could not be loaded: {exc}") from exc
        self._batch_size = settings.batch_size
        self._default_options = self._pipeline.options
        self.audio_seconds = 0.0  # seconds of audio given to the recognizer since start (the /metrics counter)

    def transcribe(
        self, audio: np.ndarray, language: str | None, prompt: str | None, regions: Regions, progress: Progress
    ) -> tuple[str, list[Segment], list[dict[str, Any]]]:
        """Return (language, segments with word times, raw whisperx segments) for the speech regions."""
        if self.choice.english_only and language not in (None, "en"):
            raise EngineError(f"Model '{self.choice.label}' transcribes English only, not '{language}'.")
        self.audio_seconds += audio.size / SAMPLE_RATE
        if self._preset_vad is not None:
            self._preset_vad.preset(regions, audio.size / SAMPLE_RATE)
        if language is None and regions and not self.choice.english_only:
            language = self._pipeline.detect_language(speech_sample(audio, regions))
        self._pipeline.options = dataclasses.replace(self._default_options, initial_prompt=prompt or None)
        self._model.alignments = []
        try:
            result = self._pipeline.transcribe(
                audio, batch_size=self._batch_size, language=language, progress_callback=progress
            )
        finally:
            self._pipeline.options = self._default_options
        chunks = [
            to_segment(raw, to_words(words, raw["start"], raw["end"]), regions)
            for raw, words in zip(result["segments"], self._model.alignments, strict=True)
        ]
        segments = drop_seam_repeats([s for s in chunks if s.text])
        return result["language"], segments, [{"text": s.text, "start": s.start, "end": s.end} for s in segments]


def to_segment(raw: dict[str, Any], words: list[Word], regions: Regions) -> Segment:
    """A chunk's segment. Chunks reach into the silence around their speech (chunking.py), and cross-attention
    stretches the words at its edges over that silence: a word that runs from there into the VAD's speech is cut
    back to ``EDGE_PAD_S`` from it, while a word wholly outside the speech (one the VAD missed) keeps its times."""
    start, end = float(raw["start"]), float(raw["end"])
    inside = [(a, b) for a, b in regions if a < end and b > start]
    if not inside:
        return Segment(start, end, raw["text"].strip(), words=words)
    speech_start, speech_end = inside[0][0] - EDGE_PAD_S, inside[-1][1] + EDGE_PAD_S
    for word in words:
        if word.start < speech_start < word.end:
            word.start = round(speech_start, 3)
        if word.start < speech_end < word.end:
            word.end = round(speech_end, 3)
    first, last = (words[0].start, words[-1].end) if words else (end, start)
    segment_start, segment_end = max(start, min(first, speech_start)), min(end, max(last, speech_end))
    return Segment(segment_start, segment_end, raw["text"].strip(), words=words)


def speech_sample(audio: np.ndarray, regions: Regions, seconds: float = 30.0) -> np.ndarray:
    """Up to ``seconds`` of speech joined together, for language detection that silence and music cannot fool."""
    pieces, total = [], 0
    for start, end in regions:
        piece = audio[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)]
        pieces.append(piece[: int(seconds * SAMPLE_RATE) - total])
        total += len(pieces[-1])
        if total >= seconds * SAMPLE_RATE:
            break
    return np.concatenate(pieces) if pieces else audio[: int(seconds * SAMPLE_RATE)]


def to_words(alignment: list[dict[str, Any]], offset: float, limit: float) -> list[Word]:
    """Alignment times are relative to the chunk; make them absolute, monotonic and inside the chunk.

    Whisper's word tokens carry their own leading space (" $47", ",000"): the word is stored stripped, and whether
    a space came before it is kept, so the text can be rebuilt exactly as whisper wrote it.
    """
    words: list[Word] = []
    cursor = offset
    for item in alignment:
        raw = str(item["word"])
        text = raw.strip()
        if not text:
            continue
        start = min(max(offset + float(item["start"]), cursor), limit)
        end = min(max(offset + float(item["end"]), start), limit)
        probability, spaced = round(float(item["probability"]), 3), raw[:1].isspace()
        words.append(Word(text, round(start, 3), round(end, 3), probability=probability, space_before=spaced))
        cursor = start
    return words
