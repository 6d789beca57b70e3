"""The one place that says what a speaker is called: the name it was given (marked 🔊 while only its voice says
so), else "Speaker N" in the user's language; a label the call has no speaker for is shown as it is."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from database.models import NamedBy, Speaker

VOICE_MARK = "🔊"  # after a name the bot gave by voice, until the user confirms it


def default_name(number: int, word: str) -> str:
    """ "Speaker 2" (``word`` is the user's language's word for a speaker)."""
    return f"{word} {number}"


def voice_named(name: str) -> str:
    """How a speaker recognised by voice is shown everywhere (summary, transcript, exports, answers)."""
    return f"{name} {VOICE_MARK}"


def speaker_name(speaker: Speaker, word: str) -> str:
    """What the speaker is shown as: "Ivan", "Ivan 🔊" (recognised by voice, not confirmed) or "Speaker 2"."""
    if speaker.name is None:
        return default_name(speaker.number, word)
    return voice_named(speaker.name) if speaker.named_by is NamedBy.VOICE else speaker.name


@dataclass(frozen=True)
class SpeakerNames:
    """Display names of one call's speakers. ``unknown`` names a segment the diarizer gave no speaker."""

    by_label: Mapping[str, str] = field(default_factory=dict)
    unknown: str = "Speaker"

    @classmethod
    def of_speakers(cls, speakers: Iterable[Speaker], word: str, unknown: str | None = None) -> SpeakerNames:
        """Names rendered with ``word`` ("Speaker" in the user's language); ``unknown`` defaults to it."""
        return cls({s.label: speaker_name(s, word) for s in speakers}, word if unknown is None else unknown)

    def name(self, label: str | None) -> str:
        """What the transcript, exports, answers and pictures call the speaker with ``label``."""
        return self.by_label.get(label or "", label or self.unknown)

    def word_speaker(self, label: str | None) -> str | None:
        """A word's speaker in exports: the display name, or nothing when the word has no speaker."""
        return self.by_label.get(label, label) if label else None
