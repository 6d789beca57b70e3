"""Per-speaker numbers of a call, from its turns (bot/analytics/turns.py):

* **talk time** — the sum of the speaker's turns (start of the first word to the end of the last); **share** — of
  everyone's talk time;
* **talk/listen ratio** — the speaker's talk time over the others' together;
* **longest monologue** — the speaker's longest turn (nobody else said a word in it) and where it starts;
* **words per minute** — words over talk time;
* **questions asked** — question marks in their words (the transcription punctuates questions);
* **interruptions** — turns the speaker began while the previous speaker's last word had not ended, or less than
  :data:`INTERRUPTION_GAP_S` after it (``interrupted``: how often it happened to them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.analytics.turns import Turn, turns_of
from database import Segment

INTERRUPTION_GAP_S = 0.2  # a reply this soon after the other's last word cut in (natural turn gaps are longer)


@dataclass
class SpeakerStats:
    label: str
    talk_s: float = 0.0
    share: float = 0.0
    talk_listen: float | None = None  # None: nobody else spoke
    longest_monologue_s: float = 0.0
    longest_monologue_at: float = 0.0
    words: int = 0
    words_per_minute: float = 0.0
    questions: int = 0
    interruptions: int = 0
    interrupted: int = 0
    turns: int = 0


@dataclass
class TalkStats:
    duration: float
    speakers: list[SpeakerStats] = field(default_factory=list)  # most talk first
    turns: list[Turn] = field(default_factory=list)

    def of(self, label: str) -> SpeakerStats | None:
        return next((s for s in self.speakers if s.label == label), None)


def _is_interruption(turn: Turn, previous: Turn) -> bool:
    return turn.speaker != previous.speaker and turn.start < previous.end + INTERRUPTION_GAP_S


def _add_turn(stats: SpeakerStats, turn: Turn) -> None:
    stats.talk_s += turn.seconds
    stats.words += turn.words
    stats.questions += turn.questions
    stats.turns += 1
    if turn.seconds > stats.longest_monologue_s:
        stats.longest_monologue_s, stats.longest_monologue_at = turn.seconds, turn.start


def talk_stats(segments: Sequence[Segment], duration: float | None = None) -> TalkStats:
    """The numbers above for every speaker of the call."""
    turns = turns_of(segments)
    by_label: dict[str, SpeakerStats] = {}
    for i, turn in enumerate(turns):
        stats = by_label.setdefault(turn.speaker, SpeakerStats(turn.speaker))
        _add_turn(stats, turn)
        if i and _is_interruption(turn, turns[i - 1]):
            stats.interruptions += 1
            by_label[turns[i - 1].speaker].interrupted += 1
    total = sum(s.talk_s for s in by_label.values())
    for stats in by_label.values():
        others = total - stats.talk_s
        stats.share = stats.talk_s / total if total else 0.0
        stats.talk_listen = stats.talk_s / others if others > 0 else None
        stats.words_per_minute = stats.words / (stats.talk_s / 60) if stats.talk_s > 0 else 0.0
    ordered = sorted(by_label.values(), key=lambda s: (-s.talk_s, s.label))
    end = max((t.end for t in turns), default=0.0)
    return TalkStats(max(duration or 0.0, end), ordered, turns)
