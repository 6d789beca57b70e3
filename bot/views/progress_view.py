"""The one status message per call: stage, queue place, a text progress bar, elapsed time."""

from __future__ import annotations

from dataclasses import dataclass

from bot.shared.timecodes import elapsed
from bot.texts import Texts

BAR_WIDTH = 10


@dataclass(frozen=True, slots=True)
class Progress:
    """A snapshot the pipeline reports; ``stage`` is a CallStatus value or ``done``/``failed``/…"""

    stage: str
    queue_position: int | None = None
    percent: float | None = None
    elapsed_s: float | None = None
    detail: str | None = None
    running_calls: int | None = None  # "waiting": how many of the user's calls are in progress ahead of it
    stalled_s: float | None = None  # "stalled": how long the service has reported no progress
    left_s: float | None = None  # "stalled": how much longer the bot waits before it gives up


def bar(percent: float) -> str:
    filled = int(max(0.0, min(100.0, percent)) / 100 * BAR_WIDTH)  # never shows more than done
    return "▓" * filled + "░" * (BAR_WIDTH - filled)


def status_text(progress: Progress, texts: Texts, name: str) -> str:
    """Plain text of the status message (sent without parse mode, so nothing needs escaping)."""
    match progress.stage:
        case "received":
            return texts.status_received.format(name=name)
        case "waiting":
            return texts.status_waiting.format(running=progress.running_calls or 0)
        case "queued" if progress.queue_position:
            return texts.status_queued.format(position=progress.queue_position)
        case "queued":
            return texts.status_queued_unknown
        case "transcribing":
            percent = progress.percent or 0.0
            return texts.status_transcribing.format(bar=bar(percent), percent=round(percent))
        case "summarizing":
            return texts.status_summarizing
        case "done":
            return texts.status_done.format(elapsed=elapsed(progress.elapsed_s or 0))
        case "cancelled":
            return texts.status_cancelled
        case "api_down":
            return texts.status_api_down
        case "reused":
            return texts.status_reused
        case "requeued":
            return texts.status_requeued
        case "stalled":
            stalled, left = elapsed(progress.stalled_s or 0), elapsed(progress.left_s or 0)
            return texts.status_stalled.format(stalled=stalled, left=left)
        case _:
            return texts.status_failed.format(reason=progress.detail or texts.error_internal)
