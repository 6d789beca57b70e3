"""Time formatting shared by the transcript, the summary and the status message."""

from __future__ import annotations


def mmss(seconds: float) -> str:
    """``[mm:ss]`` style stamp; minutes keep counting past an hour (75:03)."""
    total = max(0, int(seconds))
    return f"{total // 60:02d}:{total % 60:02d}"


def elapsed(seconds: float) -> str:
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m {secs:02d}s"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"
