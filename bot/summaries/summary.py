"""The structured summary stored per call and rendered for users."""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator


class ActionItem(BaseModel):
    task: str
    owner: str | None = None
    due: str | None = None


class TalkTime(BaseModel):
    speaker: str
    seconds: float
    share: float


class Summary(BaseModel):
    """LLM summaries fill the five sections; extractive ones fill key points and talk time."""

    kind: Literal["llm", "extractive"] = "llm"
    language: str | None = None
    overview: str = ""
    key_points: list[str] = Field(default_factory=list)
    decisions: list[str] = Field(default_factory=list)
    action_items: list[ActionItem] = Field(default_factory=list)
    open_questions: list[str] = Field(default_factory=list)
    talk_time: list[TalkTime] = Field(default_factory=list)

    @field_validator("key_points", "decisions", "open_questions", mode="before")
    @classmethod
    def _strings(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [value] if value.strip() else []
        if isinstance(value, list):
            return [item if isinstance(item, str) else json.dumps(item, ensure_ascii=False) for item in value]
        return value or []

    @field_validator("action_items", mode="before")
    @classmethod
    def _actions(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        return [{"task": item} if isinstance(item, str) else item for item in value or []]


_JSON_BLOCK = re.compile(r"\{.*\}", re.DOTALL)


def parse_llm_summary(text: str, language: str | None) -> Summary:
    """Read the model's JSON answer leniently; plain prose becomes the overview."""
    match = _JSON_BLOCK.search(text)
    if match:
        try:
            data = json.loads(match.group(0))
            if isinstance(data, dict):
                data.pop("kind", None)
                data.pop("talk_time", None)
                return Summary(kind="llm", language=language, **data)
        except (json.JSONDecodeError, ValidationError, TypeError):
            pass
    return Summary(kind="llm", language=language, overview=text.strip())
