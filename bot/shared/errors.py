"""The bot's exception hierarchy; the pipeline and handlers translate these into chat messages."""

from __future__ import annotations

# How the service's refusal (415) and a job's error begin when the file is not a real audio/video container.
NOT_A_RECORDING = "The file is not an audio or video recording"


class BotError(Exception):
    """Base of every error the bot raises on purpose."""


class TranscriptionError(BotError):
    """Something went wrong talking to the transcription service."""


class TranscriptionUnavailable(TranscriptionError):
    """The service cannot be reached or answered 5xx: retry later."""


class ApiGaveUp(TranscriptionUnavailable):
    """The service stayed unreachable longer than the configured patience."""


class TranscriptionRejected(TranscriptionError):
    """The service refused the upload (too large, not media, bad parameters)."""

    def __init__(self, status_code: int, detail: str) -> None:
        super().__init__(f"{status_code}: {detail}")
        self.status_code = status_code
        self.detail = detail


class TranscriptionAuthError(TranscriptionError):
    """The service refused our API key (401/403): an operator must fix the settings."""


class JobNotFound(TranscriptionError):
    """The service no longer knows the job (expired or deleted)."""


class JobFailed(TranscriptionError):
    """The job ended as failed; ``detail`` is the service's readable error."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class TranscriptionStalled(TranscriptionError):
    """The service reported no progress of the job for longer than the configured patience."""

    def __init__(self, stalled_s: float) -> None:
        super().__init__(f"no progress from the transcription service for {stalled_s:.0f} s")
        self.stalled_s = stalled_s


class JobCancelled(TranscriptionError):
    """The job was cancelled on the service side."""


class MediaError(BotError):
    """The recording could not be read or has no audio track."""


class NotARecording(MediaError):
    """The file is not an audio/video container ffmpeg may open (a playlist, concat script, image, text, …)."""


class LocalFileRefused(MediaError):
    """Local mode: getFile named a path outside BOT_TELEGRAM_FILES_DIR, or one that goes through a symlink."""


class LocalFileUnavailable(MediaError):
    """Local mode: getFile named a path this process cannot read (the files volume is not mounted or shared)."""


class SummaryError(BotError):
    """The LLM failed, timed out or answered something unusable."""


class InsightsError(BotError):
    """The LLM could not find a call's chapters and sentiment (failed, timed out, answered no usable JSON)."""


class NamesError(BotError):
    """The LLM could not name a call's speakers (failed, timed out, answered no usable JSON)."""
