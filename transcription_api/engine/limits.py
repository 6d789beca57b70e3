"""The longest recording the service accepts: checked at submit from the probe, and again on the decoded audio for
files whose container does not tell its duration."""

from __future__ import annotations

import math

from transcription_api.engine.errors import MediaError
from transcription_api.engine.types import SAMPLE_RATE


def describe_length(seconds: float) -> str:
    """'12 h', '12 h 5 min', '3 min 20 s', '18 s' (partial units round up, so a length is never understated)."""
    if seconds >= 3600:
        hours, minutes = divmod(math.ceil(seconds / 60), 60)
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    minutes, secs = divmod(math.ceil(seconds), 60)
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"


def too_long(duration_s: float, limit_s: float) -> str:
    length, limit = describe_length(duration_s), describe_length(limit_s)
    return f"The recording is {length} long; this service accepts recordings up to {limit}."


def check_decoded_length(samples: int, limit_s: float) -> None:
    """Raise when decoding (stopped just past the limit) produced more audio than the limit allows."""
    if samples > limit_s * SAMPLE_RATE:
        raise MediaError(
            f"The recording is longer than {describe_length(limit_s)}, the longest this service accepts;"
            " it was not transcribed."
        )
