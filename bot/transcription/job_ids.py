"""Names the bot gives its jobs on the transcription service: the job id and the tag of the user it is for."""

from __future__ import annotations

import hashlib
import hmac
import uuid


def new_job_id() -> str:
    """A random uuid4 hex: chosen (and saved) before the upload, so a retried upload can never make a second job.

    Whoever knows a job id can read its transcript: it is a capability, never derived from anything guessable.
    """
    return uuid.uuid4().hex


def user_tag(salt: str, user_id: int) -> str:
    """An opaque, stable name of a Telegram user for the service's fair queue.

    Keyed with a random per-install salt: Telegram user ids are few enough to hash them all, so a plain hash of
    the id would tell anyone who sees the service's data who sent what.
    """
    return hmac.new(salt.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()[:32]
