"""Prompts for summarizing a transcript in one pass, per chunk (map), and from partial notes (reduce)."""

from __future__ import annotations

SCHEMA = (
    '{"overview": "3-6 sentences", "key_points": ["..."], "decisions": ["..."], '
    '"action_items": [{"task": "...", "owner": "name or null", "due": "date or null"}], '
    '"open_questions": ["..."]}'
)

SYSTEM = (
    "You summarize call transcripts. Lines look like '[mm:ss] Speaker: text'. Answer with one JSON object "
    f"exactly of this shape: {SCHEMA}. Only state what the call says; give an owner or a due date only when "
    "stated; use empty lists when there is nothing. "
    "Write every value in the language of the call ({language})."
)

FULL = "Summarize this call transcript.\n\nTRANSCRIPT:\n{transcript}"

MAP = (
    "This is part {index} of {total} of a call transcript. Summarize this part only, keeping every decision, "
    "action item (with owner and due date when stated) and open question it contains.\n\nPART:\n{transcript}"
)

REDUCE = (
    "These are JSON summaries of consecutive parts of one call, in order. Merge them into one summary of the "
    "whole call: deduplicate, keep every decision, action item and open question.\n\nPARTS:\n{notes}"
)


def system_prompt(language: str | None) -> str:
    return SYSTEM.replace("{language}", language or "same as the transcript")
