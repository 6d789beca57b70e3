"""Prompts for summarizing a transcript in one pass, per part (map), and from partial notes (reduce).

The transcript (and notes written from it) is fenced as data; the template decides the extra sections, the user's
standing instructions (/template) are added as theirs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.llm.fence import data_rule, defang, fenced
from bot.summaries.templates import Template

BASE_SCHEMA = (
    '"overview": "3-6 sentences", "key_points": ["... [mm:ss]"], "decisions": ["... [mm:ss]"], '
    '"action_items": [{"task": "... [mm:ss]", "owner": "name or null", "due": "date or null"}], '
    '"open_questions": ["... [mm:ss]"]'
)

SYSTEM = (
    "You summarize call transcripts. Transcript lines look like '[mm:ss] Speaker: text'. {data_rule} "
    "Answer with one JSON object exactly of this shape: {schema}. Only state what the call says; give an owner "
    "or a due date only when stated; use empty lists when there is nothing. End every list item and every "
    "action item's task with the [mm:ss] of the transcript line it comes from, copied exactly as written there. "
    "This looks like a {kind} call: pay attention to {focus}. "
    "Write every value in the language of the call ({language})."
)
INSTRUCTIONS = (
    " The user who reads the summary gave these standing instructions; follow them as long as the answer stays "
    "the JSON object above: {instructions}"
)

FULL = "Summarize this call transcript.\n\nTRANSCRIPT:\n{transcript}"
MAP = (
    "This is part {index} of {total} of a call transcript. Summarize this part only, keeping every decision, "
    "action item (with owner and due date when stated) and open question it contains.\n\nPART:\n{transcript}"
)
REDUCE = (
    "These are JSON summaries of consecutive parts of one call, in order. Merge them into one summary of the "
    "whole call: deduplicate, keep every decision, action item and open question with its [mm:ss]."
    "\n\nPARTS:\n{notes}"
)


@dataclass(frozen=True, slots=True)
class SummaryRequest:
    """What a summary should look like: the call's language, its template, the user's standing instructions."""

    language: str | None
    template: Template
    template_chosen: bool = False  # picked with /template rather than detected
    instructions: str | None = None


def schema(template: Template) -> str:
    if not template.sections:
        return "{" + BASE_SCHEMA + "}"
    sections = json.dumps({key: ["... [mm:ss]"] for key in template.sections})
    return "{" + BASE_SCHEMA + f', "sections": {sections}' + "}"


def system_prompt(request: SummaryRequest) -> str:
    kind = request.template.key.replace("_", "-")
    prompt = (
        SYSTEM.replace("{data_rule}", data_rule())
        .replace("{schema}", schema(request.template))
        .replace("{kind}", kind)
        .replace("{focus}", request.template.focus)
        .replace("{language}", request.language or "same as the transcript")
    )
    if request.instructions:
        prompt += INSTRUCTIONS.replace("{instructions}", defang(request.instructions))
    return prompt


def full_prompt(text: str) -> str:
    return FULL.replace("{transcript}", fenced("transcript", text))


def map_prompt(index: int, total: int, text: str) -> str:
    return MAP.format(index=index, total=total, transcript="{transcript}").replace(
        "{transcript}", fenced("transcript", text)
    )


def reduce_prompt(notes: list[str]) -> str:
    return REDUCE.replace("{notes}", fenced("transcript", "\n\n".join(notes)))
