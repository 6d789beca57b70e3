"""What a pass over the transcript hears (a name, whose, how sure) and how the suggestions are chosen from it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.llm.speaker_lines import SpokenLine as Line
from bot.speakers.names.valid_names import valid_name
from database import Segment, Speaker

SELF = 3.0  # "I'm Maria": the speaker says it
ADDRESS = 1.0  # "Thanks, David": someone else says it to them


@dataclass(frozen=True, slots=True)
class HeardName:
    """One piece of evidence: ``name`` was heard for the speaker ``label`` in the line starting at ``at``."""

    label: str
    name: str
    at: float
    weight: float


@dataclass(frozen=True, slots=True)
class NameSuggestion:
    label: str
    name: str
    at: float  # where the strongest evidence was heard


def lines_of(segments: Iterable[Segment]) -> list[Line]:
    return [Line(s.start, s.speaker, " ".join(s.text.split())) for s in segments if s.speaker and s.text.strip()]


def choose(heard: Iterable[HeardName], speakers: Sequence[Speaker]) -> list[NameSuggestion]:
    """At most one name per unnamed speaker and one speaker per name, strongest evidence first; names the user
    already gave, and speakers they already named, are left out."""
    unnamed = {s.label for s in speakers if s.name is None}
    given = {s.name.casefold() for s in speakers if s.name is not None}
    scores: dict[tuple[str, str], float] = {}
    best: dict[tuple[str, str], HeardName] = {}  # the strongest piece of evidence for each pair
    for item in heard:
        key = (item.label, item.name.casefold())
        if item.label not in unnamed or key[1] in given or not valid_name(item.name):
            continue
        scores[key] = scores.get(key, 0.0) + item.weight
        if key not in best or item.weight > best[key].weight:
            best[key] = item
    taken_labels: set[str] = set()
    taken_names: set[str] = set()
    chosen: list[NameSuggestion] = []
    for key in sorted(scores, key=lambda k: (-scores[k], best[k].at)):
        label, folded = key
        if label in taken_labels or folded in taken_names:
            continue
        rivals = [k for k in scores if k[1] == folded and k[0] != label and k[0] not in taken_labels]
        if any(scores[k] == scores[key] for k in rivals):  # two speakers as sure of one name: ask nobody
            taken_names.add(folded)
            continue
        taken_labels.add(label)
        taken_names.add(folded)
        chosen.append(NameSuggestion(label, best[key].name, best[key].at))
    return sorted(chosen, key=lambda s: s.at)
