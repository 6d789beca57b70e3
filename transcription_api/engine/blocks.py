"""A recording of any length is processed in blocks of a few minutes, each cut in a pause between speech.

Only one block of audio is in memory at a time: it is read from the decoded PCM file, its speech regions are found,
then it is transcribed and its voice windows embedded; what is kept of it is compact (words, embeddings). Each block
reads a little past its nominal end so that the cut can be placed in the longest pause near it; the next block
starts exactly at the cut, so every sample belongs to one block and times only need the block's offset.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from transcription_api.engine.audio import PcmFile
from transcription_api.engine.types import SAMPLE_RATE, Segment
from transcription_api.engine.vad import Regions

BLOCK_S = 300.0  # nominal block length
LOOKAHEAD_S = 30.0  # read this far past it to find a pause to cut in
EARLIEST_CUT_S = 240.0  # a block is never cut before this (unless the recording ends)

FindRegions = Callable[[np.ndarray], Regions]


@dataclass(frozen=True, slots=True)
class Block:
    """``audio`` starts ``offset`` seconds into the recording; ``regions`` are relative to the block."""

    offset: float
    audio: np.ndarray
    regions: Regions

    @property
    def seconds(self) -> float:
        return self.audio.size / SAMPLE_RATE

    @property
    def end(self) -> float:
        return self.offset + self.seconds

    def absolute_regions(self) -> Regions:
        return [(round(self.offset + a, 3), round(self.offset + b, 3)) for a, b in self.regions]


@dataclass(slots=True)
class BlockWork:
    """What is kept of a processed block: its place, speech regions (absolute) and segments."""

    offset: float
    end: float
    regions: Regions
    segments: list[Segment]


def blocks(recording: PcmFile, find_regions: FindRegions, block_s: float = BLOCK_S) -> Iterator[Block]:
    """The recording's blocks in order, each with its speech regions."""
    cursor, total = 0, recording.samples
    lookahead = int(LOOKAHEAD_S * block_s / BLOCK_S * SAMPLE_RATE)
    while cursor < total:
        stop = min(cursor + int(block_s * SAMPLE_RATE) + lookahead, total)
        audio = recording.read(cursor, stop)
        regions = find_regions(audio)
        if stop < total:
            cut = cut_point(regions, block_s * EARLIEST_CUT_S / BLOCK_S, block_s, audio.size / SAMPLE_RATE)
            audio, regions = audio[: round(cut * SAMPLE_RATE)], clip_regions(regions, cut)
        yield Block(cursor / SAMPLE_RATE, audio, regions)
        cursor += audio.size


def cut_point(regions: Regions, earliest: float, target: float, length: float) -> float:
    """Where to end a block: the middle of the longest pause between ``earliest`` and ``length`` (the one nearest
    to ``target`` among equals); with no pause there (one long stretch of speech), ``target`` itself."""
    edges = [0.0, *(t for region in regions for t in region), length]
    pauses = [(max(a, earliest), min(b, length)) for a, b in zip(edges[::2], edges[1::2], strict=True)]
    candidates = [(round(b - a, 2), -abs((a + b) / 2 - target), (a + b) / 2) for a, b in pauses if b > a]
    return round(max(candidates)[2], 3) if candidates else target


def clip_regions(regions: Regions, cut: float) -> Regions:
    """The regions before ``cut``; one running across it is cut there (the next block finds its rest)."""
    kept = [(a, min(b, cut)) for a, b in regions if a < cut]
    return [(a, b) for a, b in kept if b - a > 0.01]


def shifted(segments: list[Segment], offset: float) -> list[Segment]:
    """Segments with block-relative times made absolute (in place; returned for convenience)."""
    if offset:
        for segment in segments:
            segment.start, segment.end = round(segment.start + offset, 3), round(segment.end + offset, 3)
            for word in segment.words:
                word.start, word.end = round(word.start + offset, 3), round(word.end + offset, 3)
    return segments
