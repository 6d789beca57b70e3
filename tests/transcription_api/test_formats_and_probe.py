"""Pure pieces: transcript renderings, option validation, ffmpeg probe parsing."""

from __future__ import annotations

import pytest

from transcription_api.engine.audio import parse_probe
from transcription_api.engine.errors import MediaError
from transcription_api.errors import InvalidInput
from transcription_api.formats import clock, to_srt, to_txt, to_vtt
from transcription_api.options import parse_options

SEGMENTS = [
    {"start": 0.5, "end": 2.25, "text": " Hello there.", "speaker": "SPEAKER_00"},
    {"start": 3661.0, "end": 3662.5, "text": "Привет.", "speaker": None},
]


def test_clock() -> None:
    assert clock(3661.0456, ",") == "01:01:01,046"
    assert clock(-1) == "00:00:00.000"


def test_renderings() -> None:
    assert to_txt(SEGMENTS) == "[00:00:00] SPEAKER_00: Hello there.\n[01:01:01] Привет.\n"
    assert to_srt(SEGMENTS).split("\n\n")[0] == "1\n00:00:00,500 --> 00:00:02,250\n[SPEAKER_00] Hello there."
    vtt = to_vtt(SEGMENTS)
    assert vtt.startswith("WEBVTT\n\n00:00:00.500 --> 00:00:02.250\n<v SPEAKER_00>Hello there.\n")
    assert vtt.endswith("01:01:01.000 --> 01:01:02.500\nПривет.\n")


def test_options_merge_and_validate() -> None:
    options = parse_options({"language": "EN", "max_speakers": "4"}, {"max_speakers": "3", "diarize": "false"})
    assert (options.language, options.max_speakers, options.diarize) == ("en", 3, False)
    assert parse_options({"language": "auto"}, default_language="ru").language == "ru"
    with pytest.raises(InvalidInput, match="greater than max_speakers"):
        parse_options({"min_speakers": "5", "max_speakers": "2"})


def test_probe_parsing() -> None:
    ok = parse_probe(
        "  Duration: 00:01:02.50, start: 0\n  Stream #0:0: Audio: opus, 48000 Hz\n  Stream #0:1: Video: vp9\n", 1000
    )
    assert (ok.duration, ok.audio_codec, ok.has_video) == (62.5, "opus", True)
    with pytest.raises(MediaError, match="empty"):
        parse_probe("", 0)
    with pytest.raises(MediaError) as not_media:
        parse_probe("Error opening input: Invalid data found when processing input", 10)
    assert not_media.value.unsupported
    with pytest.raises(MediaError, match=r"0\.20 s long"):
        parse_probe("Duration: 00:00:00.20,\n Stream #0:0: Audio: pcm_s16le", 10)
