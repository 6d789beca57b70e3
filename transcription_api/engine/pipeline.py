"""The engine: every stage loaded once at start-up, run in order for each job, reporting progress."""

from __future__ import annotations

import logging
import os
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from transcription_api.engine import audio as media
from transcription_api.engine.audio import PcmFile
from transcription_api.engine.blocks import Block, BlockWork, blocks, shifted
from transcription_api.engine.diarize import Diarization, VoiceWindows
from transcription_api.engine.known_speakers import apply_names
from transcription_api.engine.limits import check_decoded_length
from transcription_api.engine.progress import BlockShare, Reporter, ignore_progress
from transcription_api.engine.provisional import provisional_segments
from transcription_api.engine.speakers import assign_speakers, rename_by_first_appearance, split_turns
from transcription_api.engine.speakers_only import speakers_for_words
from transcription_api.engine.turn_refinement import refine_changes
from transcription_api.engine.types import (
    SAMPLE_RATE,
    JobOptions,
    ProgressCallback,
    Segment,
    SegmentSink,
    Stage,
    Transcript,
)
from transcription_api.engine.voice_prints import describe

log = logging.getLogger(__name__)

# Share of the whole job each stage accounts for in the reported progress (percent). Alignment, when configured,
# runs inside each block's transcription.
_ASR_SHARE = 0.85  # of a block's work when its voices are embedded too


class Engine:
    """Decode → (per block: VAD → ASR + word times → voice embeddings) → speakers → speaker assignment."""

    def __init__(self, settings: Any) -> None:
        from transcription_api.engine.heap import return_large_buffers
        from transcription_api.engine.models import choose_model

        return_large_buffers()  # before any model allocates: memory stays flat over long recordings
        self.choice = choose_model(settings)
        self.max_seconds: float = settings.max_duration_s
        self.ffmpeg_timeout_s: float = settings.ffmpeg_timeout_s
        self.work_dir: Path = settings.work_dir
        self.block_s: float = settings.block_s
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
        _remove_decoded_leftovers(self.work_dir)

    @property
    def asr_audio_seconds(self) -> float:
        """Seconds of audio given to speech recognition since start (none for diarization-only jobs)."""
        return float(self.asr.audio_seconds)

    def describe(self) -> dict[str, Any]:
        return {
            "device": self.choice.device,
            "model": self.choice.label,
            "compute_type": self.choice.compute_type,
            "vad": self.vad_name,
            "word_timestamps": "wav2vec2" if self.aligner else "whisper cross-attention",
            "diarizer": self.diarizer.name,
        }

    def transcribe(
        self, path: Path, options: JobOptions, progress: ProgressCallback, segments: SegmentSink | None = None
    ) -> Transcript:
        """The recording is decoded to a PCM file in the work folder (deleted after, whatever happens), then
        processed a block at a time (engine.blocks), so memory does not grow with its length; ``segments`` is told
        each block's segments when it is done (engine.provisional). A diarization-only job skips recognition: its
        given words get speakers (engine.speakers_only)."""
        report = Reporter(progress)
        report(Stage.DECODING, 0)
        self.work_dir.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f"decoded-{os.getpid()}-", suffix=".pcm", dir=self.work_dir)
        os.close(handle)
        try:
            recording = media.decode_to_file(
                path,
                Path(name),
                self.ffmpeg_timeout_s,
                check=lambda: report(Stage.DECODING, 0),
                max_seconds=self.max_seconds,
            )
            check_decoded_length(recording.samples, self.max_seconds)
            if options.diarize_only:
                return speakers_for_words(self, recording, options, report)
            return self._transcribe(recording, options, report, segments)
        finally:
            Path(name).unlink(missing_ok=True)

    def _transcribe(
        self, recording: PcmFile, options: JobOptions, report: Reporter, sink: SegmentSink | None
    ) -> Transcript:
        language, done, windows = options.language, [], []
        embed = options.diarize and not self.diarizer.whole_audio
        for block in blocks(recording, self.speech.regions, self.block_s):
            share = BlockShare(report, block, recording.seconds, _ASR_SHARE if embed else 1.0)
            segments: list[Segment] = []
            share.asr(0)
            if block.regions:
                language, segments = self._recognize(block, language, options.initial_prompt, share.asr)
            if embed and segments:
                windows.append(self.diarizer.embed(block.audio, block.regions, share.embedding).shifted(block.offset))
            done.append(BlockWork(block.offset, block.end, block.absolute_regions(), segments))
            if sink is not None and segments and language is not None:
                heard = [region for work in done for region in work.regions]
                sink(provisional_segments(self.diarizer, done[-1], windows, heard, language, options))
        if language is None:  # no speech at all: the language of what there is
            language = self.asr.transcribe(recording.read(0, 30 * SAMPLE_RATE), None, None, [], ignore_progress)[0]
        segments = [segment for block in done for segment in block.segments]
        prints: dict[str, np.ndarray] = {}
        if options.diarize and segments:
            report(Stage.DIARIZING, 0)
            prints = self.assign_speakers(recording, done, windows, options, report)
        report(Stage.FINISHING, 0)
        segments = split_turns(segments, language)
        mapping = rename_by_first_appearance(segments) if options.diarize else {}
        found = apply_names(
            self,
            options.known_speakers,
            segments,
            list(mapping.values()),
            {new: prints[old] for old, new in mapping.items() if old in prints},
        )
        report(Stage.FINISHING, 100)
        embeddings = describe(found.prints) if options.speaker_embeddings else None
        return Transcript(
            language=language,
            duration=round(recording.seconds, 3),
            segments=segments,
            speakers=found.labels,
            speaker_embeddings=embeddings,
            known_speakers=found.known,
        )

    def _recognize(
        self, block: Block, language: str | None, prompt: str | None, progress: Callable[[float], None]
    ) -> tuple[str, list[Segment]]:
        """One block's segments with absolute times; the language is detected once, on the first speech."""
        language, segments, raw = self.asr.transcribe(block.audio, language, prompt, block.regions, progress)
        if self.aligner is not None and raw:
            segments = self.aligner.apply(block.audio, raw, language) or segments
        return language, shifted(segments, block.offset)

    def assign_speakers(
        self,
        recording: PcmFile,
        done: list[BlockWork],
        windows: list[VoiceWindows],
        options: JobOptions,
        report: Callable[[Stage, float], None],
    ) -> dict[str, np.ndarray]:
        """Speakers of every word; returns each speaker's voice print (none from a whole-audio diarizer)."""
        regions = [region for block in done for region in block.regions]
        counts = {
            "min_speakers": options.min_speakers,
            "max_speakers": options.max_speakers,
            "num_speakers": options.num_speakers,
        }
        if self.diarizer.whole_audio:
            audio = recording.read(0, recording.samples)
            found = Diarization(
                self.diarizer(audio, regions, progress=lambda p: report(Stage.DIARIZING, p), **counts), {}
            )
        else:
            found = self.diarizer.label(VoiceWindows.join(windows), regions, **counts)
        report(Stage.DIARIZING, 50)
        for index, block in enumerate(done):  # block by block: matching words to turns stays linear in the length
            turns = [t for t in found.turns if t.end > block.offset and t.start < block.end]
            assign_speakers(block.segments, turns)
            if found.voices and block.segments:
                self._refine(recording, block, found.voices)
            report(Stage.DIARIZING, 50 + 50 * (index + 1) / len(done))
        return found.prints

    def _refine(self, recording: PcmFile, block: BlockWork, voices: dict[str, np.ndarray]) -> None:
        """Word-level speaker changes, checked against the voices with short windows (engine.turn_refinement)."""
        first = int(block.offset * SAMPLE_RATE)
        audio = recording.read(first, int(block.end * SAMPLE_RATE))

        def read(start: float, end: float) -> np.ndarray:
            low, high = int(start * SAMPLE_RATE) - first, int(end * SAMPLE_RATE) - first
            piece = audio[max(low, 0) : max(high, 0)]
            return np.pad(piece, (max(-low, 0), max(high - low - len(piece) - max(-low, 0), 0)))

        words = [word for segment in block.segments for word in segment.words]
        refine_changes(words, voices, read, self.diarizer.embed_sides)


def _remove_decoded_leftovers(folder: Path) -> None:
    """Decoded audio left by a process that died mid-job (its name carries the pid of the process that made it;
    other live processes sharing the folder keep theirs)."""
    if not folder.is_dir():
        return
    for leftover in folder.glob("decoded-*.pcm"):
        owner = leftover.name.split("-")[1]
        if not owner.isdigit() or not _alive(int(owner)) or int(owner) == os.getpid():
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, owned by someone else
        return True
    return True


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
