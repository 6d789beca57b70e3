"""Speaker changes refined word by word with short windows on both sides of each change.

Clustering labels 1.6 s windows every 0.4 s; where two voices follow each other with hardly a pause, the windows
across the change hold both, so the change it finds can be off by a word or two, and with two similar voices those
words go to the wrong person. Each change between two words is therefore moved to the word boundary nearby where
the audio just before sounds most like the first speaker's voice and the audio just after most like the second's
(each compared with both voices' centroids, so only which of the two it resembles more counts), preferring the end
of a sentence when it scores nearly as well.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from transcription_api.engine.types import Word

REACH_S = 1.5  # how far a change may move
SIDE_S = 1.5  # the audio compared on each side of a candidate boundary
PAUSE_S = 1.0  # a change across a pause this long stays: speech regions end there, so no window holds both voices
SENTENCE_END = (".", "?", "!", "。", "？", "！", "…")
SENTENCE_PREFERENCE = 0.1  # a boundary after a sentence wins over one scoring up to this much better

# (audio, cut times in it, side length) → unit voice embeddings of the audio just before and just after each cut,
# in rows: before the first cut, after it, before the second, …
EmbedSides = Callable[[np.ndarray, list[float], float], np.ndarray]
Read = Callable[[float, float], np.ndarray]  # (start, end) in seconds → exactly that stretch of audio


def refine_changes(words: list[Word], voices: dict[str, np.ndarray], read: Read, embed: EmbedSides) -> int:
    """Move each change of speaker in ``words`` (in time order, labelled) to its best word boundary nearby;
    returns how many words changed speaker."""
    moved, index = 0, 1
    while index < len(words):
        first, second = words[index - 1].speaker, words[index].speaker
        pause = words[index].start - words[index - 1].end
        if first != second and first in voices and second in voices and pause < PAUSE_S:
            moved += _refine_one(words, index, voices[first], voices[second], read, embed)
            index = _next_change(words, index)
        else:
            index += 1
    return moved


def _refine_one(
    words: list[Word], change: int, before: np.ndarray, after: np.ndarray, read: Read, embed: EmbedSides
) -> int:
    """Move the change at ``words[change]`` within the two runs of words it separates; returns words moved."""
    first, second = words[change - 1].speaker, words[change].speaker
    low = change - 1
    while low > 0 and words[low - 1].speaker == first:
        low -= 1
    high = _next_change(words, change) - 1  # the last word of the second run
    at = (words[change - 1].end + words[change].start) / 2
    candidates = [j for j in range(low + 1, high + 1) if abs(_boundary(words, j) - at) <= REACH_S]
    if len(candidates) < 2:
        return 0
    cuts = [_boundary(words, j) for j in candidates]
    start = cuts[0] - SIDE_S
    vectors = embed(read(start, cuts[-1] + SIDE_S), [cut - start for cut in cuts], SIDE_S)
    left, right = vectors[0::2], vectors[1::2]
    scores = left @ before - left @ after + right @ after - right @ before
    best = _choose(words, candidates, scores)
    moved = 0
    for j in range(low, high + 1):
        label = first if j < best else second
        moved += words[j].speaker != label
        words[j].speaker = label
    return moved


def _choose(words: list[Word], candidates: list[int], scores: np.ndarray) -> int:
    """The best-scoring boundary, or the best one after the end of a sentence if it scores nearly as well:
    people hand over at the end of a sentence, and near the change the scores of neighbouring boundaries differ
    little (each side window still holds a word or so of the other voice)."""
    best = int(np.argmax(scores))
    after_sentence = [i for i, j in enumerate(candidates) if words[j - 1].word.endswith(SENTENCE_END)]
    if after_sentence:
        nearest = max(after_sentence, key=lambda i: float(scores[i]))
        if scores[nearest] >= scores[best] - SENTENCE_PREFERENCE:
            return candidates[nearest]
    return candidates[best]


def _boundary(words: list[Word], j: int) -> float:
    """The time between words j-1 and j."""
    return (words[j - 1].end + words[j].start) / 2


def _next_change(words: list[Word], index: int) -> int:
    """The index of the first word after ``index`` whose speaker differs from ``words[index]`` (or len)."""
    label = words[index].speaker
    while index < len(words) and words[index].speaker == label:
        index += 1
    return index
