"""Stored calls for the conversation tests (written through ``database/``), and a citing fake model."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.questions.citations import citations_in
from bot.shared.transcripts import speakers_from
from database import CallStatus, Database, Segment
from database.calls import NewCall
from tests.fakes.bot_api import BotApiEmulator
from tests.fakes.llm_server import default_responder
from tests.fakes.serving import free_port

LINE = re.compile(r"^\[[^\]]+\] ")


@dataclass(frozen=True)
class StoredCall:
    title: str
    lines: list[tuple[str, str]]  # (speaker label, text), one segment of 6 s each


def dead_api() -> str:
    return f"http://127.0.0.1:{free_port()}"


def segments_of(lines: list[tuple[str, str]], step: float = 6.0) -> list[Segment]:
    return [Segment(i * step, i * step + step - 0.5, text, label) for i, (label, text) in enumerate(lines)]


async def seed(path: Path, user_id: int, calls: list[StoredCall], language_code: str = "en") -> list[int]:
    """Store finished, delivered calls with transcripts and an extractive summary; return their ids."""
    from bot.summaries.extractive import extractive_summary

    db = await Database.open(path)
    ids = []
    try:
        await db.users.upsert(user_id, language_code, "Tester")
        for n, stored in enumerate(calls):
            segments = segments_of(stored.lines)
            new = NewCall(
                user_id,
                user_id,
                "audio",
                f"f{user_id}-{n}",
                f"u{user_id}-{n}",
                f"{stored.title}.mp3",
                "audio/mpeg",
                1000,
            )
            call = await db.calls.create(new)
            speakers = speakers_from(segments)
            await db.transcripts.replace(user_id, call.id, segments, speakers)
            summary = extractive_summary(segments, speakers, "en", word="Speaker")
            await db.summaries.save(user_id, call.id, summary.made_by, "en", summary.model_dump_json())
            await db.calls.update(
                user_id,
                call.id,
                status=CallStatus.DONE,
                language="en",
                duration=segments[-1].end,
                delivered_at=time.time(),
                finished_at=time.time(),
                title=stored.title,
            )
            ids.append(call.id)
    finally:
        await db.aclose()
    return ids


def citing_responder(messages: list[dict[str, Any]]) -> str:
    """Answers cite every excerpt line they were shown, plus two invented citations; summaries stay JSON."""
    if "You answer questions" not in messages[0]["content"]:
        return default_responder(messages)
    excerpt = messages[-1]["content"].split("</transcript>")[0]
    cited = [line.split("] ")[0] + "]" for line in excerpt.splitlines() if LINE.match(line)]
    return "Here is what was said: " + " ".join(cited) + " Also [99:59 · Nobody] and [00:00 · Ghost]."


def answers(emulator: BotApiEmulator, chat_id: int, after: int) -> list[str]:
    return [m.text or "" for m in emulator.messages(chat_id)[after:] if m.parse_mode == "HTML"]


def real_citation_keys(segments: list[Segment], names: dict[str, str], title: str | None = None) -> set[tuple]:
    from bot.shared.timecodes import mmss

    return {(title, mmss(s.start), names.get(s.speaker or "", s.speaker or "Speaker")) for s in segments}


def cited_keys(text: str) -> list[tuple]:
    return [(c.call, c.timestamp, c.speaker) for c in citations_in(text)]


def dumps(value: Any) -> str:
    return json.dumps(value)
