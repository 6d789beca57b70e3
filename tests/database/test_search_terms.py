"""Stemming is shared by the SQLite thread, worker threads and the event loop: it must be right from any thread."""

from __future__ import annotations

import itertools
import sys
import threading
from collections.abc import Iterator

import snowballstemmer

from database import search_terms

ROOTS_EN = ["connect", "argu", "nation", "general", "happi", "meet", "decid", "report", "plan", "organ", "test"]
SUFFIXES_EN = ["", "s", "ed", "ing", "ation", "ational", "ness", "fulness", "ively", "ization", "ements", "ably"]
ROOTS_RU = ["бюджет", "встреч", "решени", "отчёт", "провер", "платёж", "разработ", "красив", "договор"]
SUFFIXES_RU = ["", "а", "ами", "ениями", "ость", "ованиями", "ившись", "ейшими", "ующему", "овавшийся"]


def vocabulary() -> list[str]:
    english = [r + s for r, s in itertools.product(ROOTS_EN, SUFFIXES_EN)]
    russian = [r + s for r, s in itertools.product(ROOTS_RU, SUFFIXES_RU)]
    numbered = [f"{w}{n}" for w, n in itertools.product(english[:40] + russian[:40], range(40))]
    return english + russian + numbered


def reference(words: list[str]) -> dict[str, str]:
    """Stems from fresh stemmers, one word at a time, in this thread only."""
    stemmers = {lang: snowballstemmer.stemmer(lang) for lang in ("english", "russian")}
    return {
        w: stemmers["russian" if any("а" <= c <= "я" or c == "ё" for c in w) else "english"].stemWord(w) for w in words
    }


def orders(words: list[str], n: int) -> Iterator[list[str]]:
    for i in range(n):
        yield words[i::n] + words[:i:n] if i % 2 else list(reversed(words))


def test_many_threads_get_the_same_stems_as_one_thread() -> None:
    words = vocabulary()
    expected = reference(words)
    search_terms.stem.cache_clear()
    results: list[dict[str, str]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work(order: list[str]) -> None:
        start.wait()
        try:
            results.append({w: search_terms.stem(w) for w in order})
        except BaseException as exc:  # a shared stemmer raises IndexError under contention
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: races show at once
    try:
        threads = [threading.Thread(target=work, args=(o,)) for o in orders(words, 8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == [], errors[:3]
    for result in results:
        wrong = {w: (got, expected[w]) for w, got in result.items() if got != expected[w]}
        assert wrong == {}, f"{len(wrong)} wrong stems, e.g. {list(wrong.items())[:5]}"
    assert {w: search_terms.stem(w) for w in words} == expected  # and the cache kept only right ones


def test_the_stem_cache_is_bounded() -> None:
    assert search_terms.stem.cache_info().maxsize == search_terms.STEM_CACHE_SIZE
    search_terms.stem.cache_clear()
    for n in range(search_terms.STEM_CACHE_SIZE + 10):
        search_terms.stem(f"w{n}")
    assert search_terms.stem.cache_info().currsize == search_terms.STEM_CACHE_SIZE
