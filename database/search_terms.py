"""Search terms: lower-cased, stop words dropped, stemmed with Snowball (Russian or English by script).

Shared by the full-text index (database/search.py) and in-call retrieval (bot/retrieval/), so it runs at once on
the SQLite thread (the ``stem_text`` function of the index), worker threads and the event loop. A Snowball stemmer
object keeps its state between calls and gives wrong stems (or raises) when two threads use it at once, so each
thread has its own; the cache of stems is a pure function's, bounded.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)
_CYRILLIC = re.compile(r"[а-яё]")

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "about",
        "also",
        "any",
        "all",
        "been",
        "being",
        "more",
        "most",
        "only",
        "other",
        "some",
        "such",
        "very",
        "what's",
        "it's",
        "let's",
        "i'm",
        "we're",
        "don't",
        "а",
        "без",
        "более",
        "бы",
        "был",
        "была",
        "были",
        "было",
        "быть",
        "в",
        "вам",
        "вас",
        "весь",
        "во",
        "вот",
        "все",
        "всего",
        "всех",
        "вы",
        "где",
        "да",
        "даже",
        "для",
        "до",
        "его",
        "ее",
        "её",
        "если",
        "есть",
        "еще",
        "ещё",
        "же",
        "за",
        "здесь",
        "и",
        "из",
        "или",
        "им",
        "их",
        "к",
        "как",
        "какая",
        "какой",
        "когда",
        "кто",
        "ли",
        "либо",
        "мне",
        "может",
        "мы",
        "на",
        "над",
        "надо",
        "наш",
        "не",
        "него",
        "нее",
        "неё",
        "нет",
        "ни",
        "них",
        "но",
        "ну",
        "о",
        "об",
        "один",
        "он",
        "она",
        "они",
        "оно",
        "от",
        "очень",
        "по",
        "под",
        "при",
        "с",
        "со",
        "так",
        "также",
        "такой",
        "там",
        "те",
        "тем",
        "то",
        "того",
        "тоже",
        "той",
        "только",
        "том",
        "ты",
        "у",
        "уже",
        "хотя",
        "чего",
        "чей",
        "чем",
        "что",
        "чтобы",
        "чье",
        "чья",
        "эта",
        "эти",
        "это",
        "этот",
        "я",
    ]
)


STEM_CACHE_SIZE = 100_000  # words; a few MB at most
_local = threading.local()


def _stemmer(language: str) -> snowballstemmer.stemmer:
    """This thread's stemmer for ``language`` (never shared between threads)."""
    stemmers: dict[str, snowballstemmer.stemmer] | None = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(language)
    return stemmers[language]


@lru_cache(maxsize=STEM_CACHE_SIZE)
def stem(word: str) -> str:
    language = "russian" if _CYRILLIC.search(word) else "english"
    return str(_stemmer(language).stemWord(word))


def tokens(text: str) -> list[str]:
    """Search terms of ``text`` in order (duplicates kept)."""
    words = _WORD.findall(text.lower().replace("ё", "е"))
    return [stem(w) for w in words if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]


def stemmed_text(text: str) -> str:
    """The same terms joined by spaces: what a full-text index should store and be queried with."""
    return " ".join(tokens(text))
