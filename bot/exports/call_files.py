"""Files made from a stored call on request or with its summary: transcript exports and the talk-time picture.

Rendering (python-docx, matplotlib) runs in a worker thread; matplotlib's pyplot is not thread-safe, so pictures
are drawn one at a time.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from bot.analytics.talk_time_chart import render_talk_time
from bot.exports.formats import ExportInput, render_export
from bot.shared.call_titles import call_title
from bot.shared.speaker_names import SpeakerNames
from bot.texts import Texts
from database import Call, Database

_PLOT_LOCK = threading.Lock()


async def export_input(db: Database, call: Call, texts: Texts) -> ExportInput:
    segments = await db.transcripts.segments(call.user_id, call.id, with_words=True)
    names = SpeakerNames.of_speakers(await db.transcripts.speakers(call.user_id, call.id), texts.speaker)
    return ExportInput(call_title(call), segments, names, call.language, call.duration)


async def export_file(db: Database, call: Call, fmt: str, texts: Texts) -> tuple[str, bytes] | None:
    """``(file name, content)`` of the call's transcript in ``fmt``; ``None`` when there is no transcript."""
    data = await export_input(db, call, texts)
    if not data.segments:
        return None
    content = await asyncio.to_thread(render_export, data, fmt)
    stem = Path(call.title or call.file_name or "call").stem or "call"
    return f"{stem}-{call.id}.{fmt}", content


def _draw(data: ExportInput, texts: Texts) -> bytes:
    with _PLOT_LOCK:
        return render_talk_time(
            data.segments,
            data.names,
            title=data.title,
            duration=data.duration,
            labels=texts.picture_labels,
        )


async def talk_time_picture(db: Database, call: Call, texts: Texts) -> bytes | None:
    """The talk-time PNG of the call with current speaker names; ``None`` when nothing was said."""
    data = await export_input(db, call, texts)
    if not any(s.end > s.start for s in data.segments):
        return None
    return await asyncio.to_thread(_draw, data, texts)
