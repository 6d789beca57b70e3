"""The one status message per call: stage, queue place, a text progress bar, elapsed time."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import assert_never

from bot.pipeline.transcript_preview import PreviewLine
from bot.shared.speaker_names import default_name
from bot.shared.timecodes import elapsed, mmss
from bot.texts import Texts

BAR_WIDTH = 10


class ProgressStage(StrEnum):
    """What a call's status message says it is doing: the pipeline reports one, the status message renders it."""

    RECEIVED = "received"
    WAITING = "waiting"  # behind the user's other calls in progress, not on the service yet
    QUEUED = "queued"
    TRANSCRIBING = "transcribing"
    SUMMARIZING = "summarizing"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    API_DOWN = "api_down"  # the transcription service is unreachable: retrying
    REUSED = "reused"  # the transcript of an earlier call of the same file is used
    REQUEUED = "requeued"  # the service queued the job again after a crash
    STALLED = "stalled"  # the service has reported no change for a while

    @property
    def finished(self) -> bool:
        """The call is over (its status message shows the outcome and no Cancel button)."""
        return self in FINISHED_STAGES

    @property
    def cancellable(self) -> bool:
        """The status message offers Cancel (the transcript is not made yet)."""
        return self not in FINISHED_STAGES and self is not ProgressStage.SUMMARIZING


FINISHED_STAGES = frozenset({ProgressStage.DONE, ProgressStage.FAILED, ProgressStage.CANCELLED})


@dataclass(frozen=True, slots=True)
class Progress:
    """A snapshot the pipeline reports."""

    stage: ProgressStage
    queue_position: int | None = None
    percent: float | None = None
    elapsed_s: float | None = None
    detail: str | None = None
    running_calls: int | None = None  # "waiting": how many of the user's calls are in progress ahead of it
    stalled_s: float | None = None  # "stalled": how long the service has reported no progress
    left_s: float | None = None  # "stalled": how much longer the bot waits before it gives up
    preview: tuple[PreviewLine, ...] = ()  # "transcribing": the latest lines streamed so far (long calls)


def bar(percent: float) -> str:
    filled = int(max(0.0, min(100.0, percent)) / 100 * BAR_WIDTH)  # never shows more than done
    return "▓" * filled + "░" * (BAR_WIDTH - filled)


def preview_text(lines: tuple[PreviewLine, ...], texts: Texts) -> str:
    """The preview under the progress bar, ``[mm:ss] Speaker N: text`` a line; empty without lines."""
    if not lines:
        return ""
    shown = [
        f"[{mmss(line.start)}] {default_name(line.speaker, texts.speaker)}: {line.text}"
        if line.speaker is not None
        else f"[{mmss(line.start)}] {line.text}"
        for line in lines
    ]
    return "\n\n" + texts.status_preview.format(lines="\n".join(shown))


def status_text(progress: Progress, texts: Texts, name: str) -> str:
    """Plain text of the status message (sent without parse mode, so nothing needs escaping)."""
    match progress.stage:
        case ProgressStage.RECEIVED:
            return texts.status_received.format(name=name)
        case ProgressStage.WAITING:
            return texts.status_waiting.format(running=progress.running_calls or 0)
        case ProgressStage.QUEUED if progress.queue_position:
            return texts.status_queued.format(position=progress.queue_position)
        case ProgressStage.QUEUED:
            return texts.status_queued_unknown
        case ProgressStage.TRANSCRIBING:
            percent = progress.percent or 0.0
            text = texts.status_transcribing.format(bar=bar(percent), percent=round(percent))
            return text + preview_text(progress.preview, texts)
        case ProgressStage.SUMMARIZING:
            return texts.status_summarizing
        case ProgressStage.DONE:
            return texts.status_done.format(elapsed=elapsed(progress.elapsed_s or 0))
        case ProgressStage.CANCELLED:
            return texts.status_cancelled
        case ProgressStage.API_DOWN:
            return texts.status_api_down
        case ProgressStage.REUSED:
            return texts.status_reused
        case ProgressStage.REQUEUED:
            return texts.status_requeued
        case ProgressStage.STALLED:
            stalled, left = elapsed(progress.stalled_s or 0), elapsed(progress.left_s or 0)
            return texts.status_stalled.format(stalled=stalled, left=left)
        case ProgressStage.FAILED:
            return texts.status_failed.format(reason=progress.detail or texts.error_internal)
    assert_never(progress.stage)
