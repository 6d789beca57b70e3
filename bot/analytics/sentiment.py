"""Sentiment of each speaker over time without a model: words of a lexicon (bot/analytics/lexicon.py) counted in
time windows, a negation just before a word flipping it. A window's score is ``(positive − negative) /
(positive + negative + 1)``: from −1 (only negative words) through 0 (none, or balanced) to +1."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.analytics.lexicon import NEGATIONS, polarity_stems
from bot.analytics.turns import utterances_of
from database import Segment
from database.search_terms import stem

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)
_CLAUSE = re.compile(r"[,.;:!?…—()]+")  # a negation reaches no further than its clause
NEGATION_REACH = 3  # a negation flips a sentiment word at most this many words after it
WINDOWS = (4, 16)  # fewest and most windows over a call
WINDOW_S = 60.0  # one window a minute between those bounds


@dataclass(frozen=True, slots=True)
class SentimentPoint:
    speaker: str
    start: float
    end: float
    score: float  # −1 … +1
    words: int  # the speaker's words in the window


def polarity(text: str) -> tuple[int, int]:
    """``(positive, negative)`` word counts of ``text`` after negations."""
    counts = [0, 0]
    for clause in _CLAUSE.split(text.lower().replace("ё", "е")):
        _count(_WORD.findall(clause), counts)
    return counts[0], counts[1]


def _count(words: list[str], counts: list[int]) -> None:
    positive, negative = polarity_stems()
    for i, word in enumerate(words):
        stemmed = stem(word)
        sign = 1 if stemmed in positive else -1 if stemmed in negative else 0
        if not sign or word in NEGATIONS:
            continue
        if any(w in NEGATIONS for w in words[max(0, i - NEGATION_REACH) : i]):
            sign = -sign
        counts[0 if sign > 0 else 1] += 1


def score(positive: int, negative: int) -> float:
    return (positive - negative) / (positive + negative + 1)


def sentiment_series(segments: Sequence[Segment], duration: float) -> list[SentimentPoint]:
    """One point per speaker and window in which the speaker said anything."""
    if duration <= 0:
        return []
    count = min(max(round(duration / WINDOW_S), WINDOWS[0]), WINDOWS[1])
    width = duration / count
    tally: dict[tuple[str, int], list[int]] = {}
    for utterance in utterances_of(segments):
        window = min(int(((utterance.start + utterance.end) / 2) // width), count - 1)
        positive, negative = polarity(utterance.text)
        counts = tally.setdefault((utterance.speaker, window), [0, 0, 0])
        counts[0] += positive
        counts[1] += negative
        counts[2] += utterance.words
    return [
        SentimentPoint(speaker, round(window * width, 2), round((window + 1) * width, 2), round(score(p, n), 3), w)
        for (speaker, window), (p, n, w) in sorted(tally.items(), key=lambda item: (item[0][1], item[0][0]))
    ]
