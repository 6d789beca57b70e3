"""A call's speakers as users see them in /speakers: a card per speaker with talk time, share and a sample quote."""

from __future__ import annotations

from collections.abc import Sequence

from bot.shared.html_lines import Line
from bot.shared.speaker_names import speaker_name
from bot.shared.timecodes import elapsed
from bot.texts import Texts
from database import Segment, Speaker

QUOTE_CHARS = 140


def speaker_lines(speakers: Sequence[Speaker], segments: Sequence[Segment], texts: Texts, title: str) -> list[Line]:
    """A card per speaker: name, talk time and share, and their longest sentence as a sample quote."""
    total = sum(s.talk_seconds for s in speakers) or 1.0
    lines = [Line(texts.speakers_title.format(title=title), "b")]
    for speaker in speakers:
        own = [s for s in segments if s.speaker == speaker.label]
        sample = max((s.text for s in own), key=len, default="")
        share = round(100 * speaker.talk_seconds / total)
        name = speaker_name(speaker, texts.speaker)
        lines += [Line(""), Line(f"{name} — {elapsed(speaker.talk_seconds)} ({share}%)", "b")]
        if sample:
            cut = sample if len(sample) <= QUOTE_CHARS else sample[: QUOTE_CHARS - 1].rstrip() + "…"
            lines.append(Line(f"«{cut}»", "i"))
    return [*lines, Line(""), Line(texts.speakers_hint)]
