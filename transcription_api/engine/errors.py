"""Failures of the engine that a client should read as a plain sentence."""


class EngineError(Exception):
    """A job cannot be processed; the message is shown to the client as the job's error."""


class MediaError(EngineError):
    """The file is not usable audio: empty, not media, damaged, no audio track, or too short."""

    def __init__(self, message: str, *, unsupported: bool = False) -> None:
        super().__init__(message)
        self.unsupported = unsupported


class ModelUnavailable(EngineError):
    """A configured model cannot be found or loaded."""


class JobCancelled(Exception):
    """Raised inside the engine when the client cancelled the running job."""
