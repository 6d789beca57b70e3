"""Who a submission is: the job id a client may choose (so a retried upload is not a second job) and the tag the
queue is fair across."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from transcription_api.errors import InvalidInput

IDENTITY_FIELDS = ("task_id", "user_tag")
MAX_USER_TAG = 64
_TASK_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True, slots=True)
class Identity:
    task_id: str | None  # None: the service picks one
    user_tag: str  # "" = the shared lane of untagged jobs


def parse_identity(*sources: Mapping[str, str]) -> Identity:
    """Merge ``task_id``/``user_tag`` from the sources (later ones win); raises InvalidInput with the reason."""
    merged: dict[str, str] = {}
    for source in sources:
        merged.update({k: v for k, v in source.items() if k in IDENTITY_FIELDS})
    task_id = merged.get("task_id") or None  # blank, as a form sends an empty field: not given
    if task_id is not None and not _TASK_ID.fullmatch(task_id):
        raise InvalidInput(
            "task_id must be 16 to 64 characters, each a letter, digit, '-' or '_' (a random uuid4 hex is ideal)."
        )
    user_tag = merged.get("user_tag", "")
    if len(user_tag) > MAX_USER_TAG:
        raise InvalidInput(f"user_tag must be at most {MAX_USER_TAG} characters.")
    return Identity(task_id, user_tag)


def new_task_id() -> str:
    return uuid.uuid4().hex
