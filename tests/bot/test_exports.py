"""Exports parse back: srt/vtt timing order, docx opens, json schema; talk-time PNG is a sensible image."""

from __future__ import annotations

import io
import json
import re
import struct

import pytest

from bot.analytics.talk_time_chart import render_talk_time, talk_shares
from bot.exports.formats import EXPORT_FORMATS, ExportInput, render_export
from bot.shared.speaker_names import SpeakerNames
from database.models import Segment, Word

SEGMENTS = [
    Segment(0.5, 3.2, "Hello, let's start.", "SPEAKER_00", (Word("Hello,", 0.5, 0.9, "SPEAKER_00"),)),
    Segment(3.6, 9.0, "Бюджет *утверждён* <вчера>.", "SPEAKER_01"),
    Segment(3700.0, 3702.5, "See you.", "SPEAKER_00"),
]
DATA = ExportInput("Weekly sync", SEGMENTS, SpeakerNames({"SPEAKER_00": "Ivan", "SPEAKER_01": "Олег"}), "en", 3702.5)


def test_every_format_renders() -> None:
    assert all(render_export(DATA, fmt) for fmt in EXPORT_FORMATS)
    with pytest.raises(ValueError):
        render_export(DATA, "pdf")


def test_srt_and_vtt_parse_back_in_time_order() -> None:
    srt = render_export(DATA, "srt").decode()
    stamps = re.findall(r"(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})", srt)
    assert len(stamps) == 3 and srt.split("\n\n")[0].splitlines()[2] == "Ivan: Hello, let's start."
    times = [
        (int(a) * 3600 + int(b) * 60 + int(c) + int(d) / 1000, int(e) * 3600 + int(f) * 60 + int(g) + int(h) / 1000)
        for a, b, c, d, e, f, g, h in stamps
    ]
    assert all(start <= end for start, end in times) and times == sorted(times)
    assert times[2] == (3700.0, 3702.5)
    vtt = render_export(DATA, "vtt").decode()
    assert vtt.startswith("WEBVTT\n") and "01:01:40.000 --> 01:01:42.500\n<v Ivan>See you." in vtt


def test_docx_opens_with_python_docx() -> None:
    from docx import Document

    document = Document(io.BytesIO(render_export(DATA, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Weekly sync"
    assert texts[2] == "[00:03] Олег: Бюджет *утверждён* <вчера>."


def test_json_schema_and_names() -> None:
    body = json.loads(render_export(DATA, "json"))
    assert body["speakers"] == [{"label": "SPEAKER_00", "name": "Ivan"}, {"label": "SPEAKER_01", "name": "Олег"}]
    first = body["segments"][0]
    assert set(first) == {"start", "end", "speaker", "speaker_label", "text", "words"}
    assert first["speaker"] == "Ivan" and first["words"] == [
        {"word": "Hello,", "start": 0.5, "end": 0.9, "speaker": "Ivan"}
    ]


def test_markdown_escapes_and_groups_by_speaker() -> None:
    md = render_export(DATA, "md").decode()
    assert md.startswith("# Weekly sync\n") and "\\*утверждён\\*" in md and "**Олег** `00:03`" in md
    assert render_export(DATA, "txt").decode().splitlines()[2] == "[61:40] Ivan: See you."


def test_talk_time_png() -> None:
    png = render_talk_time(SEGMENTS, DATA.names, title="Weekly sync", duration=3702.5)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert 1000 <= width <= 1400 and 500 <= height <= 1000
    shares = talk_shares(SEGMENTS, DATA.names)
    assert [s.name for s in shares] == ["Олег", "Ivan"] and round(sum(s.share for s in shares), 6) == 1.0
    assert shares[0].seconds == pytest.approx(5.4)
