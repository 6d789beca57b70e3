"""The engine: every stage loaded once at start-up, run in order for each job, reporting progress."""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path
from typing import Any

from transcription_api.engine import audio as media
from transcription_api.engine.limits import check_decoded_length
from transcription_api.engine.types import SAMPLE_RATE, JobOptions, ProgressCallback, Stage, Transcript

log = logging.getLogger(__name__)

# Share of the whole job each stage accounts for in the reported progress (percent).
_SPANS: dict[Stage, tuple[float, float]] = {
    Stage.DECODING: (0.0, 5.0),
    Stage.TRANSCRIBING: (5.0, 80.0),
    Stage.ALIGNING: (80.0, 85.0),
    Stage.DIARIZING: (85.0, 97.0),
    Stage.FINISHING: (97.0, 100.0),
}


class Engine:
    """Decode → VAD + ASR → word timestamps → diarization → speaker assignment."""

    def __init__(self, settings: Any) -> None:
        from transcription_api.engine.models import choose_model

        self.choice = choose_model(settings)
        self.max_seconds: float = settings.max_duration_s
        self.ffmpeg_timeout_s: float = settings.ffmpeg_timeout_s
        # The hub is contacted only when something must come from it: a named model or gated pyannote weights.
        needs_hub = not Path(self.choice.reference).is_dir() or bool(settings.hf_token)
        os.environ.setdefault("HF_HUB_OFFLINE", "0" if needs_hub else "1")
        os.environ.setdefault("PYANNOTE_METRICS_ENABLED", "false")
        _quiet_libraries()
        from transcription_api.engine.asr import AsrStage
        from transcription_api.engine.vad import SileroSpeech, whisperx_vad

        self.speech = SileroSpeech(settings.cpu_threads or os.cpu_count() or 1)
        self.vad_name = (
            settings.vad if settings.vad != "auto" else ("pyannote" if self.choice.device == "cuda" else "silero")
        )
        self.asr = AsrStage(self.choice, settings, whisperx_vad() if self.vad_name == "silero" else None)
        self.aligner = _load_aligner(settings.align_model_dir, self.choice.device)
        self.diarizer = _load_diarizer(settings, self.choice.device)

    def describe(self) -> dict[str, Any]:
        return {
            "device": self.choice.device,
            "model": self.choice.label,
            "compute_type": self.choice.compute_type,
            "vad": self.vad_name,
            "word_timestamps": "wav2vec2" if self.aligner else "whisper cross-attention",
            "diarizer": self.diarizer.name,
        }

    def transcribe(self, path: Path, options: JobOptions, progress: ProgressCallback) -> Transcript:
        report = _Reporter(progress)
        report(Stage.DECODING, 0)
        audio = media.decode(
            path, self.ffmpeg_timeout_s, check=lambda: report(Stage.DECODING, 0), max_seconds=self.max_seconds
        )
        check_decoded_length(audio.size, self.max_seconds)
        duration = round(audio.size / SAMPLE_RATE, 3)
        report(Stage.TRANSCRIBING, 0)
        regions = self.speech.regions(audio)
        language, segments, raw = self.asr.transcribe(
            audio, options.language, options.initial_prompt, regions, lambda p: report(Stage.TRANSCRIBING, p)
        )
        if self.aligner is not None and raw:
            report(Stage.ALIGNING, 0)
            segments = self.aligner.apply(audio, raw, language) or segments
        speakers: list[str] = []
        if options.diarize and segments:
            from transcription_api.engine.speakers import assign_speakers

            report(Stage.DIARIZING, 0)
            turns = self.diarizer(
                audio, regions, min_speakers=options.min_speakers, max_speakers=options.max_speakers,
                num_speakers=options.num_speakers, progress=lambda p: report(Stage.DIARIZING, p),
            )  # fmt: skip
            assign_speakers(segments, turns)
        report(Stage.FINISHING, 0)
        from transcription_api.engine.speakers import rename_by_first_appearance, split_turns

        segments = split_turns(segments, language)
        speakers = rename_by_first_appearance(segments) if options.diarize else []
        report(Stage.FINISHING, 100)
        return Transcript(language=language, duration=duration, segments=segments, speakers=speakers)


class _Reporter:
    """Maps a stage's own 0-100 onto the job's 0-100 and forwards it (the callback may raise to cancel)."""

    def __init__(self, callback: ProgressCallback) -> None:
        self._callback = callback

    def __call__(self, stage: Stage, percent: float) -> None:
        low, high = _SPANS[stage]
        self._callback(stage, round(low + (high - low) * min(max(percent, 0.0), 100.0) / 100.0, 1))


def _quiet_libraries() -> None:
    """Model libraries log every step at INFO and warn about optional codecs we never use."""
    from whisperx.log_utils import setup_logging

    level = max(logging.getLogger().getEffectiveLevel(), logging.WARNING)
    setup_logging(level=logging.getLevelName(level).lower())
    import lightning.pytorch  # noqa: F401 - it sets its own logger level on import; ours must come after

    for name in ("whisperx", "lightning", "lightning.pytorch", "pytorch_lightning", "speechbrain", "faster_whisper"):
        logging.getLogger(name).setLevel(level)
    warnings.filterwarnings("ignore", message=r".*torchcodec.*", category=UserWarning)
    warnings.filterwarnings("ignore", module=r"pyannote\..*")
    warnings.filterwarnings("ignore", message=r".*shorter than 30s.*")


def _load_aligner(model_dir: Path | None, device: str) -> Any:
    if model_dir is None:
        return None
    from transcription_api.engine.alignment import Wav2Vec2Aligner
    from transcription_api.engine.errors import ModelUnavailable

    if not model_dir.is_dir():
        raise ModelUnavailable(f"Alignment model directory {model_dir} does not exist.")
    return Wav2Vec2Aligner(model_dir, device)


def _load_diarizer(settings: Any, device: str) -> Any:
    from transcription_api.engine.diarize import OfflineDiarizer, PyannoteDiarizer

    if settings.diarization_model:
        try:
            return PyannoteDiarizer(settings.diarization_model, settings.hf_token, device)
        except Exception as exc:  # gated weights, no token, offline: fall back, loudly
            log.warning("pyannote diarization unavailable (%s); using the offline diarizer", exc)
    return OfflineDiarizer(device, settings.max_speakers_default)
