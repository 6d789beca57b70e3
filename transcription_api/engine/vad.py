"""Voice activity detection with the PyPI silero-vad package, shared by ASR chunking and diarization.

whisperx's own silero option fetches the model from torch.hub (fails offline); this one ships in the wheel and is
several times faster than the pyannote segmentation model on a CPU.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from transcription_api.engine.types import SAMPLE_RATE

Regions = list[tuple[float, float]]


class SileroSpeech:
    """Finds speech regions (seconds) in 16 kHz mono audio."""

    def __init__(self, threads: int) -> None:
        import torch
        from silero_vad import load_silero_vad

        self._model = load_silero_vad()
        torch.set_num_threads(threads)  # importing silero_vad pins torch to one thread

    def regions(self, audio: np.ndarray, max_speech_s: float = 29.0) -> Regions:
        """Speech regions; one longer than ``max_speech_s`` is cut at its longest inner pause, so that with the
        padding ASR adds around its chunks it still fits whisper's 30 s window."""
        import torch
        from silero_vad import get_speech_timestamps

        # Silero scores 32 ms windows one at a time: too little work to share between threads, and on a busy CPU
        # waiting for the other threads made it ~10x slower than one thread.
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            stamps = get_speech_timestamps(
                torch.from_numpy(audio),
                self._model,
                sampling_rate=SAMPLE_RATE,
                return_seconds=True,
                min_silence_duration_ms=250,
                speech_pad_ms=60,
                max_speech_duration_s=max_speech_s,
            )
        finally:
            torch.set_num_threads(threads)
        return [(float(s["start"]), float(s["end"])) for s in stamps]


def whisperx_vad(onset: float = 0.5) -> Any:
    """A whisperx VAD model that returns regions computed beforehand (set with ``preset``), packed into ASR chunks
    by ``chunking.plan_chunks``."""
    from whisperx.diarize import Segment as WhisperxSegment
    from whisperx.vads.vad import Vad

    from transcription_api.engine.chunking import plan_chunks

    class PresetVad(Vad):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(onset)
            self._regions: Regions = []
            self._audio_end: float | None = None

        def preset(self, regions: Regions, audio_end: float | None = None) -> None:
            self._regions = regions
            self._audio_end = audio_end

        def __call__(self, audio: Any, **kwargs: Any) -> list[Any]:
            return [WhisperxSegment(start, end, "UNKNOWN") for start, end in self._regions]

        @staticmethod
        def preprocess_audio(audio: Any) -> Any:
            return audio

        def merge_chunks(self, segments: list[Any], chunk_size: int, onset: float = 0.5, offset: Any = None) -> Any:
            regions = [(float(s.start), float(s.end)) for s in segments]
            return [
                {"start": c.start, "end": c.end, "segments": c.regions} for c in plan_chunks(regions, self._audio_end)
            ]

    return PresetVad()
