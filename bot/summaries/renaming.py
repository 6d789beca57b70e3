"""A renamed speaker in a stored summary and its part notes: the name is replaced, nothing is summarized again."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from bot.summaries.summary import Summary, replace_strings
from database import Call, Database


def renamed_note(note: str, old: str, new: str) -> str:
    pattern = re.compile(rf"(?<!\w){re.escape(old)}(?!\w)")
    try:
        return json.dumps(replace_strings(json.loads(note), pattern, new), ensure_ascii=False)
    except json.JSONDecodeError:
        return pattern.sub(lambda _: new, note)


async def rename_in_summary(db: Database, call: Call, olds: Sequence[str], new: str) -> Summary | None:
    """Store the call's summary and notes with each of ``olds`` (the ways the speaker may be written there)
    renamed ``new``; the new summary, or ``None`` if none."""
    stored = await db.summaries.get(call.user_id, call.id)
    if stored is None:
        return None
    summary = Summary.model_validate_json(stored.content)
    notes = await db.summaries.notes(call.user_id, call.id)
    for written in olds:
        summary = summary.renamed(written, new)
        notes = [renamed_note(n, written, new) for n in notes]
    await db.summaries.save(call.user_id, call.id, stored.made_by, stored.language, summary.model_dump_json(), notes)
    return summary
