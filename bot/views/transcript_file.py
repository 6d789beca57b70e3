"""The transcript as plain text: one ``[mm:ss] Speaker: text`` line per segment."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.views.timecodes import mmss
from database.models import Segment, Speaker


def speaker_names(speakers: Iterable[Speaker]) -> dict[str, str]:
    return {s.label: s.name for s in speakers}


def transcript_lines(segments: Iterable[Segment], names: Mapping[str, str], unknown: str) -> list[str]:
    lines = []
    for seg in segments:
        who = names.get(seg.speaker or "", seg.speaker or unknown)
        lines.append(f"[{mmss(seg.start)}] {who}: {seg.text}")
    return lines
