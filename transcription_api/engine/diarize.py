"""Who spoke when: pyannote when its weights are available, otherwise an offline diarizer.

Offline diarizer: silero-vad speech regions (shared with ASR) → resemblyzer embeddings of 1.6 s windows every 0.4 s →
agglomerative clustering with a speaker-count estimate → turns split where the voice changes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from transcription_api.engine.clustering import cluster_speakers
from transcription_api.engine.types import SAMPLE_RATE, SpeakerTurn
from transcription_api.engine.vad import Regions

Progress = Callable[[float], None]
WINDOW_FRAMES = 160  # resemblyzer partial utterance: 1.6 s of 10 ms mel frames
HOP_FRAMES = 40
BATCH = 128


class Diarizer(Protocol):
    name: str

    def __call__(
        self, audio: np.ndarray, regions: Regions, *, min_speakers: int | None, max_speakers: int | None,
        num_speakers: int | None, progress: Progress,
    ) -> list[SpeakerTurn]: ...  # fmt: skip


class OfflineDiarizer:
    """Diarization from wheels only: no hub, no token."""

    name = "offline (silero-vad + resemblyzer)"

    def __init__(self, device: str, max_default: int) -> None:
        from resemblyzer import VoiceEncoder

        self._encoder = VoiceEncoder("cuda" if device == "cuda" else "cpu", verbose=False)
        self._max_default = max_default

    def __call__(
        self, audio: np.ndarray, regions: Regions, *, min_speakers: int | None, max_speakers: int | None,
        num_speakers: int | None, progress: Progress,
    ) -> list[SpeakerTurn]:  # fmt: skip
        if not regions:
            return []
        centers, embeddings = self._embed(audio, regions, progress)
        labels = cluster_speakers(
            embeddings, min_speakers=min_speakers, max_speakers=max_speakers,
            num_speakers=num_speakers, max_default=self._max_default,
        )  # fmt: skip
        progress(100.0)
        return turns_from_windows(regions, centers, labels)

    def _embed(
        self, audio: np.ndarray, regions: list[tuple[float, float]], progress: Progress
    ) -> tuple[np.ndarray, np.ndarray]:
        mels: list[np.ndarray] = []
        centers: list[float] = []
        for index, (start, end) in enumerate(regions):
            for center, mel in _region_windows(audio, start, end):
                centers.append(center)
                mels.append(mel)
            progress(40.0 * (index + 1) / len(regions))
        embeddings = []
        for first in range(0, len(mels), BATCH):
            embeddings.append(self._encode(np.stack(mels[first : first + BATCH])))
            progress(40.0 + 55.0 * min(1.0, (first + BATCH) / len(mels)))
        return np.asarray(centers), np.concatenate(embeddings)

    def _encode(self, batch: np.ndarray) -> np.ndarray:
        import torch

        with torch.no_grad():
            tensor = torch.from_numpy(batch).to(self._encoder.device)
            return self._encoder(tensor).cpu().numpy()


def _region_windows(audio: np.ndarray, start: float, end: float) -> list[tuple[float, np.ndarray]]:
    from resemblyzer.audio import normalize_volume, wav_to_mel_spectrogram

    wav = normalize_volume(audio[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)], -30, increase_only=True)
    mel = wav_to_mel_spectrogram(wav)
    if len(mel) < WINDOW_FRAMES:
        mel = np.pad(mel, ((0, WINDOW_FRAMES - len(mel)), (0, 0)), mode="wrap")
        return [(start + min(end - start, WINDOW_FRAMES / 100) / 2, mel)]
    offsets = list(range(0, len(mel) - WINDOW_FRAMES + 1, HOP_FRAMES))
    if offsets[-1] != len(mel) - WINDOW_FRAMES:
        offsets.append(len(mel) - WINDOW_FRAMES)
    return [(start + (o + WINDOW_FRAMES / 2) / 100, mel[o : o + WINDOW_FRAMES]) for o in offsets]


def turns_from_windows(
    regions: list[tuple[float, float]], centers: np.ndarray, labels: np.ndarray
) -> list[SpeakerTurn]:
    """Cut each speech region where consecutive windows change speaker (midway between their centers)."""
    turns: list[SpeakerTurn] = []
    for start, end in regions:
        inside = np.where((centers >= start) & (centers <= end))[0]
        if len(inside) == 0:
            continue
        cursor = start
        for a, b in itertools.pairwise(inside):
            if labels[a] != labels[b]:
                cut = float((centers[a] + centers[b]) / 2)
                turns.append(SpeakerTurn(cursor, cut, _name(labels[a])))
                cursor = cut
        turns.append(SpeakerTurn(cursor, end, _name(labels[inside[-1]])))
    return turns


def _name(label: Any) -> str:
    return f"SPEAKER_{int(label):02d}"


class PyannoteDiarizer:
    """whisperx's pyannote pipeline; needs its weights locally or a hub token."""

    name = "pyannote"

    def __init__(self, model: str, token: str | None, device: str) -> None:
        from whisperx.diarize import DiarizationPipeline

        self._pipeline = DiarizationPipeline(model_name=model, token=token, device=device)

    def __call__(
        self, audio: np.ndarray, regions: Regions, *, min_speakers: int | None, max_speakers: int | None,
        num_speakers: int | None, progress: Progress,
    ) -> list[SpeakerTurn]:  # fmt: skip
        frame = self._pipeline(
            audio, num_speakers=num_speakers, min_speakers=min_speakers,
            max_speakers=max_speakers, progress_callback=progress,
        )  # fmt: skip
        return [SpeakerTurn(float(r.start), float(r.end), str(r.speaker)) for r in frame.itertuples()]
