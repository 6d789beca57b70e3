"""Validation of per-job options arriving as form fields or query parameters."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from transcription_api.engine.languages import supported_languages
from transcription_api.engine.types import JobOptions
from transcription_api.errors import InvalidInput
from transcription_api.given_words import parse_words

OPTION_FIELDS = (
    "language",
    "min_speakers",
    "max_speakers",
    "num_speakers",
    "diarize",
    "initial_prompt",
    "speaker_embeddings",
    "diarize_only",
    "words",
)
MAX_SPEAKERS = 20


class OptionsIn(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    language: str | None = None
    diarize: bool = True
    min_speakers: int | None = Field(default=None, ge=1, le=MAX_SPEAKERS)
    max_speakers: int | None = Field(default=None, ge=1, le=MAX_SPEAKERS)
    num_speakers: int | None = Field(default=None, ge=1, le=MAX_SPEAKERS)
    initial_prompt: str | None = Field(default=None, max_length=2000)
    speaker_embeddings: bool = False
    diarize_only: bool = False
    words: str | None = None

    @field_validator("language", "initial_prompt", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and value.strip() in ("", "auto") else value

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.lower()
        if code not in supported_languages():
            raise ValueError(f"unknown language code '{value}' (use an ISO 639-1 code such as 'en' or 'ru')")
        return code

    @model_validator(mode="after")
    def _consistent_counts(self) -> OptionsIn:
        low, high, exact = self.min_speakers, self.max_speakers, self.num_speakers
        if low is not None and high is not None and low > high:
            raise ValueError(f"min_speakers ({low}) cannot be greater than max_speakers ({high})")
        if exact is not None and ((low is not None and exact < low) or (high is not None and exact > high)):
            raise ValueError(f"num_speakers ({exact}) must lie between min_speakers and max_speakers")
        if self.diarize_only != (self.words is not None):
            raise ValueError("diarize_only=true and words (the transcript's words as JSON) go together")
        if self.diarize_only and not self.diarize:
            raise ValueError("diarize_only=true cannot be combined with diarize=false")
        return self


def parse_options(*sources: Mapping[str, str], default_language: str | None = None) -> JobOptions:
    """Merge option sources (later ones win) and validate them; raises InvalidInput with a readable reason."""
    merged: dict[str, str] = {}
    for source in sources:
        merged.update({k: v for k, v in source.items() if k in OPTION_FIELDS})
    try:
        parsed = OptionsIn.model_validate(merged)
    except ValidationError as exc:
        raise InvalidInput(_describe(exc)) from exc
    return JobOptions(
        language=parsed.language or default_language,
        diarize=parsed.diarize,
        min_speakers=parsed.min_speakers,
        max_speakers=parsed.max_speakers,
        num_speakers=parsed.num_speakers,
        initial_prompt=parsed.initial_prompt,
        speaker_embeddings=parsed.speaker_embeddings and parsed.diarize,
        diarize_only=parsed.diarize_only,
        words=parse_words(parsed.words) if parsed.words is not None else None,
    )


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        where = ".".join(str(p) for p in error.get("loc", ()))
        parts.append(f"{where}: {message}" if where else message)
    return "Invalid options: " + "; ".join(parts)
