"""The one place that says what a speaker is called: the user's name for a label, else the label, else a word."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from database.models import Speaker


@dataclass(frozen=True)
class SpeakerNames:
    """Display names of one call's speakers. ``unknown`` names a segment the diarizer gave no speaker."""

    by_label: Mapping[str, str] = field(default_factory=dict)
    unknown: str = "Speaker"

    @classmethod
    def of_speakers(cls, speakers: Iterable[Speaker], unknown: str = "Speaker") -> SpeakerNames:
        return cls({s.label: s.name for s in speakers}, unknown)

    def name(self, label: str | None) -> str:
        """What the transcript, exports, answers and pictures call the speaker with ``label``."""
        return self.by_label.get(label or "", label or self.unknown)

    def word_speaker(self, label: str | None) -> str | None:
        """A word's speaker in exports: the display name, or nothing when the word has no speaker."""
        return self.by_label.get(label, label) if label else None
