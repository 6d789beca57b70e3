"""Who spoke when: pyannote when its weights are available, otherwise an offline diarizer.

Offline diarizer: silero-vad speech regions (shared with ASR) → resemblyzer embeddings of 1.6 s windows every 0.4 s →
agglomerative clustering with a speaker-count estimate → turns split where the voice changes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from transcription_api.engine.clustering import DISTANCE_THRESHOLD, cluster_speakers
from transcription_api.engine.torch_threads import single_threaded
from transcription_api.engine.types import SAMPLE_RATE, SpeakerTurn
from transcription_api.engine.vad import Regions
from transcription_api.engine.voice_prints import voice_prints

Progress = Callable[[float], None]
WINDOW_FRAMES = 160  # resemblyzer partial utterance: 1.6 s of 10 ms mel frames
HOP_FRAMES = 40
EMBEDDING_SIZE = 256  # resemblyzer's voice embedding
BATCH = 128
REACH = WINDOW_FRAMES // HOP_FRAMES  # windows this far apart do not overlap
MIN_STABLE_REGION_S = 1.2
SAME_VOICE_SIMILARITY = 1.0 - DISTANCE_THRESHOLD


class Diarizer(Protocol):
    name: str
    whole_audio: bool  # False: it also works block by block (embed + label), holding only compact results

    def __call__(
        self,
        audio: np.ndarray,
        regions: Regions,
        *,
        min_speakers: int | None,
        max_speakers: int | None,
        num_speakers: int | None,
        progress: Progress,
    ) -> list[SpeakerTurn]: ...


@dataclass(frozen=True, slots=True)
class VoiceWindows:
    """Voice windows of a stretch of audio: centre times (s), float16 embeddings, and which hold a single voice."""

    centers: np.ndarray
    embeddings: np.ndarray
    stable: np.ndarray

    def shifted(self, offset: float) -> VoiceWindows:
        return VoiceWindows(self.centers + offset, self.embeddings, self.stable)

    @staticmethod
    def join(parts: list[VoiceWindows]) -> VoiceWindows:
        if not parts:
            return VoiceWindows(np.zeros(0), np.zeros((0, EMBEDDING_SIZE), np.float16), np.zeros(0, dtype=bool))
        return VoiceWindows(*(np.concatenate([getattr(p, name) for p in parts]) for name in VoiceWindows.__slots__))


@dataclass(frozen=True, slots=True)
class Diarization:
    """Who spoke when, each speaker's voice (the unit centroid of their single-voice windows) and their voice print
    (the same from windows away from changes of speaker, capped: engine.voice_prints)."""

    turns: list[SpeakerTurn]
    voices: dict[str, np.ndarray]
    prints: dict[str, np.ndarray] = field(default_factory=dict)


class OfflineDiarizer:
    """Diarization from wheels only: no hub, no token. Works block by block: ``embed`` each block, then ``label``
    all windows of the recording at once (clustering memory is bounded, see clustering.MAX_CLUSTERED)."""

    name = "offline (silero-vad + resemblyzer)"
    whole_audio = False

    def __init__(self, device: str, max_default: int) -> None:
        from resemblyzer import VoiceEncoder

        self._encoder = VoiceEncoder("cuda" if device == "cuda" else "cpu", verbose=False)
        self._max_default = max_default

    def __call__(
        self,
        audio: np.ndarray,
        regions: Regions,
        *,
        min_speakers: int | None,
        max_speakers: int | None,
        num_speakers: int | None,
        progress: Progress,
    ) -> list[SpeakerTurn]:
        windows = self.embed(audio, regions, progress)
        found = self.label(
            windows, regions, min_speakers=min_speakers, max_speakers=max_speakers, num_speakers=num_speakers
        )
        progress(100.0)
        return found.turns

    def embed(self, audio: np.ndarray, regions: Regions, progress: Progress) -> VoiceWindows:
        """The voice windows of ``audio`` (times relative to it) inside its speech ``regions``."""
        mels: list[np.ndarray] = []
        centers: list[float] = []
        for index, (start, end) in enumerate(regions):
            for center, mel in _region_windows(audio, start, end):
                centers.append(center)
                mels.append(mel)
            progress(40.0 * (index + 1) / len(regions))
        embeddings = [np.zeros((0, EMBEDDING_SIZE), np.float32)]
        for first in range(0, len(mels), BATCH):
            embeddings.append(self._encode(np.stack(mels[first : first + BATCH])))
            progress(40.0 + 55.0 * min(1.0, (first + BATCH) / len(mels)))
        vectors, where = np.concatenate(embeddings), np.asarray(centers, dtype=np.float64)
        return VoiceWindows(where, vectors.astype(np.float16), stable_windows(where, vectors, regions))

    def label(
        self,
        windows: VoiceWindows,
        regions: Regions,
        *,
        min_speakers: int | None,
        max_speakers: int | None,
        num_speakers: int | None,
    ) -> Diarization:
        """Speaker turns for all ``regions`` of a recording from all its ``windows``, and each voice's centroid."""
        if not regions or not len(windows.centers):
            return Diarization([], {})
        labels = cluster_speakers(
            windows.embeddings,
            core=windows.stable,
            min_speakers=min_speakers,
            max_speakers=max_speakers,
            num_speakers=num_speakers,
            max_default=self._max_default,
        )
        turns = turns_from_windows(regions, windows.centers, labels)
        prints = voice_prints(windows.centers, windows.embeddings, windows.stable, labels, turns)
        return Diarization(turns, _voices(windows, labels), {_name(label): v for label, v in prints.items()})

    def embed_sides(self, audio: np.ndarray, cuts: list[float], side_s: float) -> np.ndarray:
        """Unit voice embeddings of ``side_s`` seconds of ``audio`` before and after each cut (seconds into it),
        in rows: before the first cut, after it, before the second, … (one spectrogram for all of them)."""
        from resemblyzer.audio import normalize_volume, wav_to_mel_spectrogram

        mel = wav_to_mel_spectrogram(normalize_volume(audio, -30, increase_only=True))
        frames = max(1, round(side_s * 100))
        pieces = []
        for cut in cuts:
            at = round(cut * 100)
            pieces += [_frames(mel, at - frames, at), _frames(mel, at, at + frames)]
        return self._encode(np.stack(pieces).astype(np.float32))

    def _encode(self, batch: np.ndarray) -> np.ndarray:
        import torch

        with torch.no_grad(), single_threaded():
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


def stable_windows(centers: np.ndarray, embeddings: np.ndarray, regions: Regions) -> np.ndarray:
    """Windows that hold one voice: in a region long enough for a full window, with the same voice on both sides.

    A window straddling a change of speaker mixes two voices; its neighbours one window-length before and after
    then disagree. Such windows, and the padded windows of very short regions, are left out of clustering.
    """
    stable = np.zeros(len(centers), dtype=bool)
    for start, end in regions:
        inside = _inside(centers, start, end)
        if end - start < MIN_STABLE_REGION_S or len(inside) == 0:
            continue
        for position, index in enumerate(inside):
            sides = [inside[p] for p in (position - REACH, position + REACH) if 0 <= p < len(inside)]
            pairs = [(sides[0], sides[1])] if len(sides) == 2 else [(index, side) for side in sides]
            stable[index] = all(float(embeddings[a] @ embeddings[b]) >= SAME_VOICE_SIMILARITY for a, b in pairs)
    return stable


def turns_from_windows(
    regions: list[tuple[float, float]], centers: np.ndarray, labels: np.ndarray
) -> list[SpeakerTurn]:
    """Cut each speech region where consecutive windows change speaker (midway between their centers)."""
    turns: list[SpeakerTurn] = []
    for start, end in regions:
        inside = _inside(centers, start, end)
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


def _frames(mel: np.ndarray, first: int, stop: int) -> np.ndarray:
    """Spectrogram frames first..stop, the missing ones (past either end) repeating the nearest."""
    return mel[np.clip(np.arange(first, stop), 0, len(mel) - 1)]


def _voices(windows: VoiceWindows, labels: np.ndarray) -> dict[str, np.ndarray]:
    voices = {}
    for label in np.unique(labels):
        chosen = (labels == label) & windows.stable
        mean = np.asarray(windows.embeddings[chosen if chosen.any() else labels == label], np.float32).mean(axis=0)
        voices[_name(label)] = mean / (float(np.linalg.norm(mean)) or 1.0)
    return voices


def _inside(centers: np.ndarray, start: float, end: float) -> np.ndarray:
    """Indices of the (sorted) window centres within [start, end]."""
    return np.arange(np.searchsorted(centers, start, "left"), np.searchsorted(centers, end, "right"))


def _name(label: Any) -> str:
    return f"SPEAKER_{int(label):02d}"


class PyannoteDiarizer:
    """whisperx's pyannote pipeline; needs its weights locally or a hub token."""

    name = "pyannote"
    whole_audio = True

    def __init__(self, model: str, token: str | None, device: str) -> None:
        from whisperx.diarize import DiarizationPipeline

        self._pipeline = DiarizationPipeline(model_name=model, token=token, device=device)

    def __call__(
        self,
        audio: np.ndarray,
        regions: Regions,
        *,
        min_speakers: int | None,
        max_speakers: int | None,
        num_speakers: int | None,
        progress: Progress,
    ) -> list[SpeakerTurn]:
        frame = self._pipeline(
            audio,
            num_speakers=num_speakers,
            min_speakers=min_speakers,
            max_speakers=max_speakers,
            progress_callback=progress,
        )
        return [SpeakerTurn(float(r.start), float(r.end), str(r.speaker)) for r in frame.itertuples()]
