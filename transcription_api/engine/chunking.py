"""ASR chunks: which stretches of speech whisper decodes together, and the seams between them.

Speech regions are packed into windows of at most 30 s (whisper's input): as few chunks as greedy packing needs (so
no speed is lost), with the cuts placed at the longest pauses that allow it, so that a chunk tends to start where a
sentence or a turn starts rather than in the middle of one (batched whisper has no previous text to go on). A
chunk's edges reach up to a second into the silence around it (half the pause at most, and as far as the 30 s
window allows), so that the soft start and end of a word the VAD trimmed, or a quiet word it missed, are not cut
off. Where two chunks meet inside continuous speech, whisper may write the same words at the end of one and the
start of the next (completing a cut-off phrase, or hearing its tail again): such a repeat is dropped from the later
chunk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from transcription_api.engine.types import Segment, Word, join_words

WINDOW_S = 30.0  # whisper's input length
EDGE_PAD_S = 0.2  # how far a chunk reaches into the silence around it at least (half the pause at most)
EDGE_REACH_S = 1.0  # how far it reaches where the pause and the window have room (speech the VAD missed, e.g. a quiet
# first "Hello?" on a codec or one side of a call)
SEAM_GAP_S = 1.0  # chunks closer than this may repeat each other's words
MIN_REPEAT_WORDS = 2
MAX_REPEAT_WORDS = 12
_NOT_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class Chunk:
    start: float
    end: float
    regions: list[tuple[float, float]]


def plan_chunks(regions: list[tuple[float, float]], audio_end: float | None = None) -> list[Chunk]:
    """Pack consecutive regions into chunks of at most ``WINDOW_S`` with their edges padded into the pauses."""
    limit = WINDOW_S - 2 * EDGE_PAD_S
    pieces = [piece for region in regions for piece in _split(region, limit)]
    groups = _pack(pieces, limit)
    chunks = []
    for index, group in enumerate(groups):
        reach = min(EDGE_REACH_S, max(WINDOW_S - (group[-1][1] - group[0][0]), 2 * EDGE_PAD_S) / 2)
        start, end = group[0][0] - reach, group[-1][1] + reach
        if index:
            start = max(start, (groups[index - 1][-1][1] + group[0][0]) / 2)
        if index + 1 < len(groups):
            end = min(end, (group[-1][1] + groups[index + 1][0][0]) / 2)
        elif audio_end is not None:
            end = min(end, max(audio_end, group[-1][1]))
        chunks.append(Chunk(round(max(start, 0.0), 3), round(end, 3), group))
    return chunks


def _pack(pieces: list[tuple[float, float]], limit: float) -> list[list[tuple[float, float]]]:
    """Fewest groups spanning at most ``limit`` each; among those, the one whose cuts sit in the longest pauses
    (pauses over 2 s all count the same). Dynamic programming over the end of the last group."""
    best: list[tuple[int, float, int]] = [(0, 0.0, 0)]  # per prefix length: (groups, -pause score, start of last)
    for end in range(1, len(pieces) + 1):
        options = []
        for start in range(end - 1, -1, -1):
            if pieces[end - 1][1] - pieces[start][0] > limit:
                break
            pause = min(pieces[start][0] - pieces[start - 1][1], 2.0) if start else 0.0
            count, score, _ = best[start]
            options.append((count + 1, score - pause, start))
        best.append(min(options))
    groups, end = [], len(pieces)
    while end:
        start = best[end][2]
        groups.append(pieces[start:end])
        end = start
    return groups[::-1]


def _split(region: tuple[float, float], limit: float) -> list[tuple[float, float]]:
    """A region longer than a window (the VAD caps them, so rarely) in equal parts that fit."""
    start, end = region
    parts = max(1, int((end - start) // limit) + (1 if (end - start) % limit else 0))
    step = (end - start) / parts
    return [(start + i * step, start + (i + 1) * step) for i in range(parts)]


def drop_seam_repeats(segments: list[Segment]) -> list[Segment]:
    """Per-chunk segments in order; remove words that repeat the end of the chunk just before (see module doc)."""
    for previous, current in pairwise(segments):
        if not previous.words or not current.words or current.words[0].start - previous.words[-1].end > SEAM_GAP_S:
            continue
        count = _repeated_prefix(_spoken_words(previous.words), _spoken_words(current.words))
        if count:
            current.words = current.words[count:]
            current.text = join_words(current.words)
            if current.words:
                current.start = current.words[0].start
    return [s for s in segments if s.text]


def _spoken_words(words: list[Word]) -> list[tuple[str, int]]:
    """Words as written (glued tokens joined: "$47" + ",000"), normalized, each with the token index after it."""
    out: list[tuple[str, int]] = []
    for index, word in enumerate(words):
        if out and not word.space_before:
            out[-1] = (out[-1][0] + word.word, index + 1)
        else:
            out.append((word.word, index + 1))
    return [(_NOT_WORD.sub("", text.lower()), end) for text, end in out if _NOT_WORD.sub("", text)]


def _repeated_prefix(before: list[tuple[str, int]], after: list[tuple[str, int]]) -> int:
    """Tokens to drop from ``after``: its longest opening run of words that also closes ``before``."""
    longest = min(len(before), len(after), MAX_REPEAT_WORDS)
    for size in range(longest, MIN_REPEAT_WORDS - 1, -1):
        if [w for w, _ in before[-size:]] == [w for w, _ in after[:size]]:
            return after[size - 1][1]
    return 0
