"""What the page shows of one call, as JSON: the call, its speakers with names and colours, the transcript, the
summary (with its ``[mm:ss]`` citations as times to seek to), the talk analytics, the audio link and the texts."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import Any

from bot.analytics.talk import INTERRUPTION_GAP_S, TalkStats, talk_stats
from bot.analytics.talk_time_chart import COLORS
from bot.shared.call_titles import call_title
from bot.shared.speaker_names import SpeakerNames
from bot.summaries.citations import STAMP
from bot.summaries.summary import Summary
from bot.summaries.view import summary_lines
from bot.texts import Texts, texts_for
from bot.texts.page import PAGE_RU, page_texts_for
from database import Call, Database, Segment, Speaker

_MMSS = re.compile(r"(\d{1,4}):(\d{2})")


def stamp_seconds(stamp: str) -> int:
    match = _MMSS.match(stamp)
    return int(match.group(1)) * 60 + int(match.group(2)) if match else 0


def parts_of(text: str) -> list[dict[str, Any]]:
    """``text`` as plain pieces and citations (``{"stamp": seconds, "label": "[mm:ss · Speaker]"}``)."""
    parts: list[dict[str, Any]] = []
    cursor = 0
    for match in STAMP.finditer(text):
        if match.start() > cursor:
            parts.append({"text": text[cursor : match.start()]})
        parts.append({"stamp": stamp_seconds(match.group(1)), "label": match.group(0)})
        cursor = match.end()
    if cursor < len(text):
        parts.append({"text": text[cursor:]})
    return parts


def summary_blocks(summary: Summary, texts: Texts) -> list[dict[str, Any]]:
    """The summary as the chat shows it (bot/summaries/view.py), in blocks: headings, notes, items, text."""
    blocks = []
    for line in summary_lines(summary, texts):
        if not line.text.strip():
            continue
        kind = {"b": "heading", "i": "note"}.get(line.tag or "", "item" if line.text.startswith("• ") else "text")
        blocks.append({"kind": kind, "parts": parts_of(line.text.removeprefix("• "))})
    return blocks


def speaker_cards(speakers: Sequence[Speaker], segments: Sequence[Segment], word: str) -> list[dict[str, Any]]:
    """Every speaker with a name and a colour (as in the talk-time picture: by talk time, most first)."""
    labels = [s.label for s in speakers]
    labels += sorted({s.speaker or "" for s in segments} - set(labels))
    names = SpeakerNames.of_speakers(speakers, word)
    return [
        {"label": label, "name": names.name(label), "color": COLORS[i % len(COLORS)]} for i, label in enumerate(labels)
    ]


def stats_json(stats: TalkStats) -> dict[str, Any]:
    speakers = [
        {
            "label": s.label,
            "talk_s": round(s.talk_s, 2),
            "share": round(s.share, 4),
            "talk_listen": None if s.talk_listen is None else round(s.talk_listen, 3),
            "longest_monologue_s": round(s.longest_monologue_s, 2),
            "longest_monologue_at": s.longest_monologue_at,
            "words": s.words,
            "words_per_minute": round(s.words_per_minute, 1),
            "questions": s.questions,
            "interruptions": s.interruptions,
            "interrupted": s.interrupted,
            "turns": s.turns,
        }
        for s in stats.speakers
    ]
    turns = [[t.speaker, round(t.start, 2), round(t.end, 2)] for t in stats.turns]
    return {"duration": stats.duration, "interruption_gap_s": INTERRUPTION_GAP_S, "speakers": speakers, "turns": turns}


async def page_of(db: Database, call: Call, audio_url: str | None) -> dict[str, Any]:
    """Everything the page needs for ``call`` (which the caller has checked belongs to the user)."""
    user = await db.users.get(call.user_id)
    language = user.language if user else None
    texts, page_texts = texts_for(language), page_texts_for(language)
    segments = await db.transcripts.segments(call.user_id, call.id, with_words=True)
    speakers = await db.transcripts.speakers(call.user_id, call.id)
    stored = await db.summaries.get(call.user_id, call.id)
    summary = Summary.model_validate_json(stored.content) if stored else None
    return {
        "call": {
            "id": call.id,
            "title": call_title(call),
            "created_at": call.created_at,
            "duration": call.duration,
            "language": call.language,
            "date": time.strftime("%Y-%m-%d %H:%M", time.gmtime(call.created_at)),
        },
        "speakers": speaker_cards(speakers, segments, texts.speaker),
        "segments": [
            {"start": s.start, "end": s.end, "speaker": s.speaker or "", "text": s.text} for s in segments if s.text
        ],
        "summary": summary_blocks(summary, texts) if summary else None,
        "stats": stats_json(talk_stats(segments, call.duration)),
        "audio": audio_url,
        "texts": page_texts.as_json(),
        "lang": "ru" if page_texts is PAGE_RU else "en",
    }
