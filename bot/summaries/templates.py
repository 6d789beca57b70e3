"""Summary templates: the sections a kind of call gets on top of overview, key points, decisions, action items and
open questions. The kind is detected (bot/summaries/call_kinds.py) or picked by the user with /template."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Template:
    key: str
    sections: tuple[str, ...]  # keys of the extra sections, in the order they are shown
    focus: str  # what the model should pay attention to (English: it is part of the prompt)


TEMPLATES: dict[str, Template] = {
    t.key: t
    for t in (
        Template("generic", (), "the topics, outcomes and follow-ups of the call"),
        Template(
            "sales",
            ("needs", "objections", "next_steps"),
            "the customer's needs and pains, objections or concerns about the offer, and agreed next steps",
        ),
        Template(
            "interview",
            ("strengths", "concerns", "recommendation"),
            "the candidate's strengths, concerns about them, and what the interviewers recommend",
        ),
        Template(
            "standup",
            ("done", "next", "blockers"),
            "what each person finished, what they do next, and what blocks them",
        ),
        Template(
            "one_on_one",
            ("feedback", "concerns", "agreements"),
            "feedback given in both directions, worries raised, and what the two agreed on",
        ),
        Template(
            "lecture",
            ("concepts", "examples", "takeaways"),
            "the concepts explained, the examples used, and what a listener should remember",
        ),
    )
}
TEMPLATE_KEYS = tuple(TEMPLATES)
SECTION_KEYS = tuple(dict.fromkeys(s for t in TEMPLATES.values() for s in t.sections))
INSTRUCTION_CHARS = 500


def template_for(key: str | None) -> Template:
    return TEMPLATES.get(key or "", TEMPLATES["generic"])
