"""Calls, speakers and search results as users see them: list lines, speaker cards, found passages."""

from __future__ import annotations

import time
from collections.abc import Sequence

from bot.shared.call_titles import call_title
from bot.shared.html_lines import Line
from bot.shared.speaker_names import speaker_name
from bot.shared.timecodes import elapsed, mmss
from bot.texts import Texts
from database import Call, SearchHit, Segment, Speaker

QUOTE_CHARS = 140


def call_date(call: Call) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.gmtime(call.created_at))


def call_duration(call: Call) -> str:
    return elapsed(call.duration) if call.duration else "—"


def call_line(call: Call, active: bool) -> str:
    return f"{'▶ ' if active else ''}{call_title(call)} — {call_date(call)} · {call_duration(call)}"


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


def search_lines(hits: Sequence[SearchHit], texts: Texts) -> list[Line]:
    lines = [Line(texts.search_title, "b")]
    for hit in hits:
        who = speaker_name(hit.speaker, texts.speaker) if hit.speaker else hit.label or ""
        lines += [Line(""), Line(hit.call_title, "b"), Line(f"[{mmss(hit.start)} · {who}] {hit.text}")]
    return lines
