"""The structured summary stored per call and rendered for users."""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, Field, ValidationError, field_validator

from bot.llm.answer_json import json_in
from bot.summaries.templates import SECTION_KEYS


class ActionItem(BaseModel):
    task: str
    owner: str | None = None
    due: str | None = None


class TalkTime(BaseModel):
    speaker: str
    seconds: float
    share: float


class Section(BaseModel):
    """A section of the call's template (e.g. a sales call's ``objections``)."""

    key: str
    items: list[str] = Field(default_factory=list)


def _strings(value: Any) -> Any:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [item if isinstance(item, str) else json.dumps(item, ensure_ascii=False) for item in value]
    return value or []


class Summary(BaseModel):
    """LLM summaries fill the five sections and their template's; extractive ones fill key points and talk time.

    Every item of an LLM summary ends with the ``[mm:ss]`` of the transcript line it comes from
    (bot/summaries/citations.py checks them against the transcript).
    """

    # how it was made; summaries stored before it had this name say "kind"
    made_by: Literal["llm", "extractive"] = Field(default="llm", validation_alias=AliasChoices("made_by", "kind"))
    language: str | None = None
    call_kind: str | None = None  # the template used: detected, or picked by the user with /template
    call_kind_chosen: bool = False
    overview: str = ""
    key_points: list[str] = Field(default_factory=list)
    decisions: list[str] = Field(default_factory=list)
    action_items: list[ActionItem] = Field(default_factory=list)
    open_questions: list[str] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    talk_time: list[TalkTime] = Field(default_factory=list)

    @field_validator("key_points", "decisions", "open_questions", mode="before")
    @classmethod
    def _strings(cls, value: Any) -> Any:
        return _strings(value)

    @field_validator("action_items", mode="before")
    @classmethod
    def _actions(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        return [{"task": item} if isinstance(item, str) else item for item in value or []]

    @field_validator("sections", mode="before")
    @classmethod
    def _sections(cls, value: Any) -> Any:
        if isinstance(value, dict):  # the model's {"needs": [...], ...}
            return [{"key": key, "items": _strings(items)} for key, items in value.items() if key in SECTION_KEYS]
        return value or []

    def section(self, key: str) -> list[str]:
        return next((s.items for s in self.sections if s.key == key), [])

    def plain_lines(self) -> list[str]:
        """The summary as plain lines for a prompt (answers from a long call see it beside its passages)."""
        lines = [self.overview] if self.overview else []
        groups = [("Key points", self.key_points), ("Decisions", self.decisions)]
        groups += [("Action items", [_action_line(a) for a in self.action_items])]
        groups += [("Open questions", self.open_questions)]
        groups += [(s.key.replace("_", " ").capitalize(), s.items) for s in self.sections]
        for title, items in groups:
            if items:
                lines += [f"{title}:", *(f"- {item}" for item in items)]
        return lines

    def renamed(self, old: str, new: str) -> Summary:
        """The same summary with the speaker name ``old`` (as a whole word) replaced by ``new`` everywhere."""
        pattern = re.compile(rf"(?<!\w){re.escape(old)}(?!\w)")
        return Summary.model_validate(replace_strings(self.model_dump(), pattern, new))


def _action_line(item: ActionItem) -> str:
    extras = [f"owner: {item.owner}" if item.owner else "", f"due: {item.due}" if item.due else ""]
    extra = "; ".join(e for e in extras if e)
    return f"{item.task} ({extra})" if extra else item.task


def replace_strings(value: Any, pattern: re.Pattern[str], new: str) -> Any:
    if isinstance(value, str):
        return pattern.sub(lambda _: new, value)
    if isinstance(value, list):
        return [replace_strings(v, pattern, new) for v in value]
    if isinstance(value, dict):
        kept = ("made_by", "kind", "key", "call_kind", "language")  # "kind": made_by in JSON stored before
        return {k: v if k in kept else replace_strings(v, pattern, new) for k, v in value.items()}
    return value


_MODEL_FIELDS = ("overview", "key_points", "decisions", "action_items", "open_questions", "sections")


def parse_llm_summary(text: str, language: str | None) -> Summary:
    """Read the model's JSON answer leniently; plain prose becomes the overview. Template sections may come as a
    ``sections`` object or as top-level keys."""
    data = json_in(text)
    if isinstance(data, dict):
        nested = data.get("sections")
        sections: dict[str, Any] = {k: v for k, v in data.items() if k in SECTION_KEYS}
        sections.update(nested if isinstance(nested, dict) else {})
        fields = {k: v for k, v in data.items() if k in _MODEL_FIELDS and k != "sections"}
        try:
            return Summary.model_validate({"made_by": "llm", "language": language, "sections": sections, **fields})
        except (ValidationError, TypeError):
            pass
    return Summary(made_by="llm", language=language, overview=text.strip())
