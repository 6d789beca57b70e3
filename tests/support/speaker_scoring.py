"""Word→speaker accuracy of a transcript against a synthesized call whose turns are known."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from tests.speech import Dialogue


def speaker_accuracy(words: Iterable[Any], call: Dialogue) -> tuple[float, dict[str, str]]:
    """Share of words labelled with their real speaker, and the label → real speaker mapping used.

    Each label stands for the real speaker whose words it holds most often; two labels standing for one speaker
    (or a word without a label) count as errors, so a split or merged voice cannot score well.
    """
    pairs = [(_get(w, "speaker"), call.turn_at((_get(w, "start") + _get(w, "end")) / 2).speaker) for w in words]
    votes: dict[str, Counter[str]] = {}
    for label, real in pairs:
        votes.setdefault(str(label), Counter())[real] += 1
    mapping: dict[str, str] = {}
    for label, counter in sorted(votes.items(), key=lambda item: -sum(item[1].values())):
        real = counter.most_common(1)[0][0]
        if real not in mapping.values() and label != "None":
            mapping[label] = real
    right = sum(mapping.get(str(label)) == real for label, real in pairs)
    return right / max(len(pairs), 1), mapping


def _get(word: Any, name: str) -> Any:
    return word[name] if isinstance(word, dict) else getattr(word, name)
