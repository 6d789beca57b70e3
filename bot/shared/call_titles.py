"""What a call is called where users see it: its title, the name of the recording, a title safe in citations."""

from __future__ import annotations

import re

from database import Call

KIND_NAMES = {"voice": "🎤 voice", "video_note": "📹 video_note"}  # recordings that come without a file name
_CITATION_MARKS = re.compile(r"[\[\]·]")


def call_title(call: Call) -> str:
    """The user's title, else the file name, else the kind of message it came as."""
    return call.title or (KIND_NAMES.get(call.source_kind) or call.file_name or f"#{call.id}")


def display_name(call: Call) -> str:
    """How the status message names the recording: its kind for voice notes and round videos, else its file name."""
    return KIND_NAMES.get(call.source_kind) or call.file_name or ""


def citable(title: str) -> str:
    """A title safe inside ``[Title · mm:ss · Speaker]`` citations."""
    return " ".join(_CITATION_MARKS.sub(" ", title).split()) or "?"
