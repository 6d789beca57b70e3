"""Errors → the kind message a user reads (the edge where the exception hierarchy is translated)."""

from __future__ import annotations

from bot.shared.errors import (
    NOT_A_RECORDING,
    ApiGaveUp,
    BotError,
    JobCancelled,
    JobFailed,
    JobNotFound,
    LocalFileRefused,
    LocalFileUnavailable,
    MediaError,
    NotARecording,
    SummaryError,
    TranscriptionAuthError,
    TranscriptionRejected,
    TranscriptionStalled,
)
from bot.shared.timecodes import elapsed
from bot.texts import Texts


def describe(error: BotError | None, texts: Texts) -> str:
    match error:
        case NotARecording() | TranscriptionRejected(status_code=415):
            return texts.error_not_recording
        case JobFailed(detail=detail) if detail.startswith(NOT_A_RECORDING):
            return texts.error_not_recording
        case LocalFileRefused():
            return texts.error_file_refused
        case LocalFileUnavailable():
            return texts.error_file_unavailable
        case TranscriptionRejected(detail=detail):
            return texts.error_rejected.format(detail=detail)
        case JobFailed(detail=detail):
            return texts.error_job_failed.format(detail=detail)
        case TranscriptionAuthError():
            return texts.error_service_config
        case JobNotFound():
            return texts.error_job_lost
        case JobCancelled():
            return texts.status_cancelled
        case MediaError():
            return texts.error_media.format(detail=str(error))
        case TranscriptionStalled(stalled_s=stalled_s):
            return texts.error_stalled.format(stalled=elapsed(stalled_s))
        case ApiGaveUp():
            return texts.error_api_gave_up
        case SummaryError():
            return texts.summary_failed.format(reason=str(error))
        case _:
            return texts.error_internal
