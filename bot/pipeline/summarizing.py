"""The summary step of the pipeline: the user's template (or the detected kind of call) and standing instructions,
then the LLM summary (with its part notes) or the extractive one."""

from __future__ import annotations

from collections.abc import Sequence

from bot.pipeline.ports import Summarizer
from bot.summaries.call_kinds import detect_kind
from bot.summaries.extractive import extractive_summary
from bot.summaries.prompts import SummaryRequest
from bot.summaries.summarizer import SummaryResult
from bot.summaries.templates import TEMPLATES, template_for
from bot.texts import texts_for
from database import Call, Database


async def summary_request(db: Database, call: Call) -> SummaryRequest:
    """The template the user picked with /template, else the one the transcript looks like."""
    user = await db.users.get(call.user_id)
    chosen = user.summary_template if user and user.summary_template in TEMPLATES else None
    if chosen is None:
        segments = await db.transcripts.segments(call.user_id, call.id)
        speakers = await db.transcripts.speakers(call.user_id, call.id)
        key = detect_kind(segments, speakers)
    else:
        key = chosen
    instructions = user.summary_instructions if user else None
    return SummaryRequest(call.language, template_for(key), chosen is not None, instructions)


async def make_summary(db: Database, summarizer: Summarizer | None, call: Call, lines: Sequence[str]) -> SummaryResult:
    request = await summary_request(db, call)
    if summarizer is not None:
        return await summarizer.summarize(list(lines), request)
    segments = await db.transcripts.segments(call.user_id, call.id)
    speakers = await db.transcripts.speakers(call.user_id, call.id)
    user = await db.users.get(call.user_id)
    word = texts_for(user.language if user else None).speaker
    summary = extractive_summary(segments, speakers, call.language, word=word)
    update = {"call_kind": request.template.key, "call_kind_chosen": request.template_chosen}
    return SummaryResult(summary.model_copy(update=update))
