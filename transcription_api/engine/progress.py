"""A job's progress as the engine reports it: each stage's own 0-100 mapped onto the job's 0-100, and a block's
share of the whole recording."""

from __future__ import annotations

from transcription_api.engine.blocks import Block
from transcription_api.engine.types import ProgressCallback, Stage

SPANS: dict[Stage, tuple[float, float]] = {
    Stage.DECODING: (0.0, 5.0),
    Stage.TRANSCRIBING: (5.0, 92.0),
    Stage.ALIGNING: (5.0, 92.0),
    Stage.DIARIZING: (92.0, 98.0),
    Stage.FINISHING: (98.0, 100.0),
}


class BlockShare:
    """Progress within one block, as a share of the whole recording's transcription."""

    def __init__(self, report: Reporter, block: Block, total_s: float, asr_share: float) -> None:
        self._report, self._block, self._total, self._asr = report, block, max(total_s, 1e-9), asr_share

    def asr(self, percent: float) -> None:
        self._at(self._asr * percent / 100.0)

    def embedding(self, percent: float) -> None:
        self._at(self._asr + (1.0 - self._asr) * percent / 100.0)

    def _at(self, fraction: float) -> None:
        done = self._block.offset + min(max(fraction, 0.0), 1.0) * self._block.seconds
        self._report(Stage.TRANSCRIBING, 100.0 * done / self._total)


class Reporter:
    """Maps a stage's own 0-100 onto the job's 0-100 and forwards it (the callback may raise to cancel)."""

    def __init__(self, callback: ProgressCallback) -> None:
        self._callback = callback

    def __call__(self, stage: Stage, percent: float) -> None:
        low, high = SPANS[stage]
        self._callback(stage, round(low + (high - low) * min(max(percent, 0.0), 100.0) / 100.0, 1))


def ignore_progress(_: float) -> None:
    """A progress callback for work too short to report."""
