"""Renderers: txt, md, srt, vtt, docx and json; each returns the file's bytes."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.shared.speaker_names import SpeakerNames
from bot.shared.timecodes import mmss
from bot.shared.transcript_file import transcript_lines
from database.models import Segment

EXPORT_FORMATS = ("txt", "md", "srt", "vtt", "docx", "json")


@dataclass(frozen=True, slots=True)
class ExportInput:
    """Everything an export needs: the call's title, segments and speaker display names."""

    title: str
    segments: Sequence[Segment]
    names: SpeakerNames
    language: str | None
    duration: float | None

    def who(self, segment: Segment) -> str:
        return self.names.name(segment.speaker)


def render_export(data: ExportInput, fmt: str) -> bytes:
    """The file's content in ``fmt`` (one of EXPORT_FORMATS)."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}") from None
    return renderer(data)


def _txt(data: ExportInput) -> bytes:
    return ("\n".join(transcript_lines(data.segments, data.names)) + "\n").encode("utf-8")


def _md(data: ExportInput) -> bytes:
    lines = [f"# {_md_escape(data.title)}"]
    previous = None
    for segment in data.segments:
        who = data.who(segment)
        if who != previous:  # a heading line each time the speaker changes
            lines += ["", f"**{_md_escape(who)}** `{mmss(segment.start)}`", ""]
            previous = who
        lines.append(_md_escape(segment.text))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _md_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_{}[]<>()#+-!|~" else ch for ch in text)


def _clock(seconds: float, separator: str) -> str:
    millis = round(max(seconds, 0.0) * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{ms:03d}"


def _srt(data: ExportInput) -> bytes:
    blocks = [
        f"{i}\n{_clock(s.start, ',')} --> {_clock(max(s.end, s.start), ',')}\n{data.who(s)}: {s.text}\n"
        for i, s in enumerate(data.segments, start=1)
    ]
    return "\n".join(blocks).encode("utf-8")


def _vtt(data: ExportInput) -> bytes:
    blocks = ["WEBVTT\n"]
    for s in data.segments:
        voice = data.who(s).replace(">", "")
        blocks.append(f"{_clock(s.start, '.')} --> {_clock(max(s.end, s.start), '.')}\n<v {voice}>{s.text}\n")
    return "\n".join(blocks).encode("utf-8")


def _json(data: ExportInput) -> bytes:
    body = {
        "title": data.title,
        "language": data.language,
        "duration": data.duration,
        "speakers": [{"label": label, "name": name} for label, name in data.names.by_label.items()],
        "segments": [
            {
                "start": s.start,
                "end": s.end,
                "speaker": data.who(s),
                "speaker_label": s.speaker,
                "text": s.text,
                "words": [
                    {
                        "word": w.word,
                        "start": w.start,
                        "end": w.end,
                        "speaker": data.names.word_speaker(w.speaker),
                    }
                    for w in s.words
                ],
            }
            for s in data.segments
        ],
    }
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def _docx(data: ExportInput) -> bytes:
    from docx import Document
    from docx.shared import Pt, RGBColor

    document = Document()
    document.add_heading(data.title, level=1)
    for segment in data.segments:
        paragraph = document.add_paragraph()
        stamp = paragraph.add_run(f"[{mmss(segment.start)}] ")
        stamp.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
        stamp.font.size = Pt(9)
        paragraph.add_run(f"{data.who(segment)}: ").bold = True
        paragraph.add_run(segment.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_RENDERERS: dict[str, Callable[[ExportInput], bytes]] = {
    "txt": _txt,
    "md": _md,
    "srt": _srt,
    "vtt": _vtt,
    "docx": _docx,
    "json": _json,
}
