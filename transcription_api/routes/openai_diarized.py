"""OpenAI's diarized transcription on /v1/audio/transcriptions: ``response_format=diarized_json`` (the
TranscriptionDiarized shape), ``chunking_strategy``, and the parameters OpenAI refuses with its diarizing model.

The diarizing model name (``gpt-4o-transcribe-diarize``) is held to OpenAI's rules: ``prompt``, ``include[]`` and
``timestamp_granularities[]`` are refused, and so are the formats it does not produce (``srt``, ``vtt``,
``verbose_json``), each with a 400 naming the parameter. Any other model name (the service ignores it) may ask for
``diarized_json`` together with everything else the route takes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from itertools import count, product
from string import ascii_uppercase
from typing import Any

from transcription_api.errors import ApiError

DIARIZE_MODEL = "gpt-4o-transcribe-diarize"
DIARIZED_JSON = "diarized_json"
DIARIZE_MODEL_FORMATS = ("json", "text", DIARIZED_JSON)
REFUSED_WITH_DIARIZE_MODEL = ("prompt", "include[]", "timestamp_granularities[]")
VAD_LIMITS = {"prefix_padding_ms": (0, 10_000), "silence_duration_ms": (0, 10_000)}
_VAD_KEYS = ("type", "threshold", *VAD_LIMITS)
FIELDS = ("include[]", "chunking_strategy", *(f"chunking_strategy[{key}]" for key in _VAD_KEYS))
_SECTION = re.compile(r"chunking_strategy\[(\w+)\]")


class UnsupportedParameter(ApiError):
    status_code = 400
    openai_code = "unsupported_parameter"

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


class InvalidValue(UnsupportedParameter):
    openai_code = "invalid_value"


def check_request(fields: Mapping[str, str], response_format: str) -> None:
    """Refuse what OpenAI refuses with its diarizing model, and a malformed ``chunking_strategy`` with any."""
    check_chunking(fields)
    if fields.get("model", "").strip() != DIARIZE_MODEL:
        return
    for name in REFUSED_WITH_DIARIZE_MODEL:
        if fields.get(name, "").strip():
            raise UnsupportedParameter(name, f"Unsupported parameter: '{name}' is not supported with {DIARIZE_MODEL}.")
    if response_format not in DIARIZE_MODEL_FORMATS:
        raise UnsupportedParameter(
            "response_format",
            f"Unsupported value: response_format '{response_format}' is not supported with {DIARIZE_MODEL}; use one"
            f" of: {', '.join(DIARIZE_MODEL_FORMATS)}.",
        )


def check_chunking(fields: Mapping[str, str]) -> None:
    """``chunking_strategy``: ``auto``, or a ``server_vad`` object (a JSON text, or bracketed fields as the openai
    client sends it). Validated only: the engine always cuts a recording at the pauses its own VAD finds."""
    parts = {found[1]: value for name, value in fields.items() if (found := _SECTION.fullmatch(name))}
    raw = fields.get("chunking_strategy", "").strip()
    if not raw and not parts:
        return
    if raw == "auto" and not parts:
        return
    strategy: Any = parts
    if raw:
        try:
            strategy = json.loads(raw)
        except json.JSONDecodeError:
            strategy = None
        if not isinstance(strategy, dict) or parts:
            raise InvalidValue("chunking_strategy", "chunking_strategy must be 'auto' or a server_vad object.")
    _check_vad(strategy)


def _check_vad(strategy: dict[str, Any]) -> None:
    if strategy.get("type") != "server_vad":
        raise InvalidValue("chunking_strategy.type", "chunking_strategy.type must be 'server_vad'.")
    unknown = sorted(set(strategy) - {"type", "threshold", *VAD_LIMITS})
    if unknown:
        raise InvalidValue(f"chunking_strategy.{unknown[0]}", f"Unknown parameter: 'chunking_strategy.{unknown[0]}'.")
    if "threshold" in strategy and not 0.0 <= _number(strategy["threshold"], "threshold") <= 1.0:
        raise InvalidValue("chunking_strategy.threshold", "chunking_strategy.threshold must lie between 0 and 1.")
    for key, (low, high) in VAD_LIMITS.items():
        if key in strategy:
            value = _number(strategy[key], key)
            if value != int(value) or not low <= value <= high:
                raise InvalidValue(
                    f"chunking_strategy.{key}",
                    f"chunking_strategy.{key} must be a whole number of milliseconds from {low} to {high}.",
                )


def _number(value: object, key: str) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidValue(f"chunking_strategy.{key}", f"chunking_strategy.{key} must be a number.") from None


def diarized(result: dict[str, Any], text: str) -> dict[str, Any]:
    """The transcript as OpenAI's TranscriptionDiarized: known speakers under their names, the others ``A``,
    ``B``, … in order of first speech (a letter a known name already uses is skipped)."""
    names = {k["name"] for k in result.get("known_speakers") or [] if k.get("named")}
    letters = (letter for letter in _letters() if letter not in names)
    labels: dict[str | None, str] = {}
    segments = []
    for index, segment in enumerate(result.get("segments", [])):
        speaker = segment.get("speaker")
        if speaker not in labels:
            labels[speaker] = speaker if speaker in names else next(letters)
        segments.append(
            {
                "type": "transcript.text.segment",
                "id": f"seg_{index}",
                "speaker": labels[speaker],
                "start": segment["start"],
                "end": segment["end"],
                "text": segment["text"].strip(),
            }
        )
    duration = float(result.get("duration") or 0.0)
    return {
        "task": "transcribe",
        "duration": duration,
        "text": text,
        "segments": segments,
        "usage": {"type": "duration", "seconds": duration},
    }


def _letters() -> Iterator[str]:
    """A, B, …, Z, AA, AB, …"""
    for size in count(1):
        for letters in product(ascii_uppercase, repeat=size):
            yield "".join(letters)
