"""Calls as users see them in /calls: a line per call with its title, date and duration."""

from __future__ import annotations

import time

from bot.shared.call_titles import call_title
from bot.shared.timecodes import elapsed
from database import Call


def call_date(call: Call) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.gmtime(call.created_at))


def call_duration(call: Call) -> str:
    return elapsed(call.duration) if call.duration else "—"


def call_line(call: Call, active: bool) -> str:
    return f"{'▶ ' if active else ''}{call_title(call)} — {call_date(call)} · {call_duration(call)}"
