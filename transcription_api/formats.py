"""Transcript renderings: plain text, SubRip, WebVTT and JSON, all with speaker labels."""

from __future__ import annotations

import json
from typing import Any

FORMATS = ("json", "txt", "srt", "vtt")
MEDIA_TYPES = {
    "json": "application/json",
    "txt": "text/plain; charset=utf-8",
    "srt": "application/x-subrip; charset=utf-8",
    "vtt": "text/vtt; charset=utf-8",
}


def clock(seconds: float, separator: str = ".", hours: bool = True) -> str:
    millis = round(max(seconds, 0.0) * 1000)
    h, rest = divmod(millis, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    head = f"{h:02d}:{m:02d}:{s:02d}" if hours or h else f"{m:02d}:{s:02d}"
    return f"{head}{separator}{ms:03d}"


def render(result: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False)
    segments = result.get("segments", [])
    if fmt == "txt":
        return to_txt(segments)
    if fmt == "srt":
        return to_srt(segments)
    if fmt == "vtt":
        return to_vtt(segments)
    raise ValueError(fmt)


def _label(segment: dict[str, Any]) -> str:
    return f"{segment['speaker']}: " if segment.get("speaker") else ""


def to_txt(segments: list[dict[str, Any]]) -> str:
    lines = [f"[{clock(s['start']).split('.')[0]}] {_label(s)}{s['text'].strip()}" for s in segments]
    return "\n".join(lines) + ("\n" if lines else "")


def to_srt(segments: list[dict[str, Any]]) -> str:
    blocks = [
        f"{i}\n{clock(s['start'], ',')} --> {clock(s['end'], ',')}\n{_srt_speaker(s)}{s['text'].strip()}\n"
        for i, s in enumerate(segments, start=1)
    ]
    return "\n".join(blocks)


def _srt_speaker(segment: dict[str, Any]) -> str:
    return f"[{segment['speaker']}] " if segment.get("speaker") else ""


def to_vtt(segments: list[dict[str, Any]]) -> str:
    blocks = ["WEBVTT\n"]
    for s in segments:
        voice = f"<v {s['speaker']}>" if s.get("speaker") else ""
        blocks.append(f"{clock(s['start'])} --> {clock(s['end'])}\n{voice}{s['text'].strip()}\n")
    return "\n".join(blocks)
