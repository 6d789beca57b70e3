"""How sure the speech recognizer was of a heard name: a name whose words it was unsure of is a mis-heard common
word more often than a name ("Tanks" for "Thanks"), and is not offered.

The floor was set from the recognizer's word probabilities (the service's ``probability`` of each word): names in
clear introductions score 0.75-1.0 with the packaged models on synthesized calls, a word the model had to guess
far lower. A name whose words the service did not rate (an older service, a model's quote the words do not show)
is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.names.heard import HeardName
from database import Segment, Word

NAME_FLOOR = 0.5  # the least word probability a heard name's words must have


def sure_enough(heard: Iterable[HeardName], segments: Sequence[Segment]) -> list[HeardName]:
    """The heard names whose words the recognizer was sure enough of (unknown: kept)."""
    words: dict[float, list[Word]] = {}
    for segment in segments:
        words.setdefault(segment.start, []).extend(segment.words)
    kept = []
    for item in heard:
        sure = confidence(item.name, words.get(item.at, ()))
        if sure is None or sure >= NAME_FLOOR:
            kept.append(item)
    return kept


def confidence(name: str, words: Iterable[Word]) -> float | None:
    """The lowest probability among the words of the line that say ``name`` (a Russian name in another case, as
    "Давиду" for Давид, counts), None when none of them says it or none was rated."""
    parts = [part.casefold() for part in name.replace("-", " ").split()]
    rated = [w.probability for w in words if w.probability is not None and _says(_bare(w.word), parts)]
    return min(rated) if rated else None


def _bare(word: str) -> str:
    return "".join(c for c in word if c.isalpha()).casefold()


def _says(word: str, parts: Sequence[str]) -> bool:
    return any(word == part or (len(part) >= 4 and word.startswith(part[:-1])) for part in parts)
