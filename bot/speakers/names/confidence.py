"""How sure the speech recognizer was of a heard name: a name whose words it was unsure of is a mis-heard common
word more often than a name ("Tanks" for "Thanks"), and is not offered.

The floors are on the service's ``probability`` of each word. Whisper is seldom sure of names: with the packaged
tiny.en model on synthesized speech, correct names scored 0.23 ("and I'm Tom"), 0.50 ("Priya here"), 0.78
("Thanks, Maria"), 0.84, 0.99, and the word "Thanks" itself 0.25-0.38. So a self-introduction ("I'm Tom": a
cue that says a name follows) needs only ``SELF_FLOOR``, whisper's own mark of an improbable word (its anomaly
test, engine/decoding.py); a name heard only as address ("Tanks, can you…": nothing but its capital and place
says it is a name) needs ``ADDRESS_FLOOR``, above what the recognizer gives a word it half-guessed. A name whose
words the service did not rate (an older service, a model's quote the words do not show) is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.speakers.names.heard import SELF, HeardName
from database import Segment, Word

SELF_FLOOR = 0.15  # the least word probability of a name the speaker introduced themselves with
ADDRESS_FLOOR = 0.4  # … of a name heard only as address


def sure_enough(heard: Iterable[HeardName], segments: Sequence[Segment]) -> list[HeardName]:
    """The heard names whose words the recognizer was sure enough of (unknown: kept)."""
    words: dict[float, list[Word]] = {}
    for segment in segments:
        words.setdefault(segment.start, []).extend(segment.words)
    kept = []
    for item in heard:
        sure = confidence(item.name, words.get(item.at, ()))
        if sure is None or sure >= (SELF_FLOOR if item.weight >= SELF else ADDRESS_FLOOR):
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
