"""The transcript as plain text: one ``[mm:ss] Speaker: text`` line per segment."""

from __future__ import annotations

from collections.abc import Iterable

from bot.shared.speaker_names import SpeakerNames
from bot.shared.timecodes import mmss
from database.models import Segment


def transcript_lines(segments: Iterable[Segment], names: SpeakerNames) -> list[str]:
    return [f"[{mmss(seg.start)}] {names.name(seg.speaker)}: {seg.text}" for seg in segments]
