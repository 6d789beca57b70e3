"""An upload's file and the files kept beside it (the decoded reference clips of known speakers): named after the
upload (``<id>.upload.<what>``), written while the upload's lock is held, removed with it, and swept when their
upload is gone (a process that died between the two)."""

from __future__ import annotations

import glob
from pathlib import Path

UPLOAD_SUFFIX = ".upload"


def beside(upload: Path, what: str) -> Path:
    """The path of a file kept beside ``upload`` (``what``: e.g. ``ref0.pcm``)."""
    return upload.with_name(f"{upload.name}.{what}")


def remove_upload(upload: Path) -> None:
    """The upload's file and every file kept beside it."""
    for extra in upload.parent.glob(f"{glob.escape(upload.name)}.*"):
        extra.unlink(missing_ok=True)
    upload.unlink(missing_ok=True)


def remove_stray_companions(directory: Path) -> int:
    """Files kept beside an upload that no longer exists; returns how many were removed."""
    removed = 0
    for extra in directory.glob(f"*{UPLOAD_SUFFIX}.*"):
        owner = extra.with_name(extra.name[: extra.name.index(UPLOAD_SUFFIX) + len(UPLOAD_SUFFIX)])
        if not owner.exists():
            extra.unlink(missing_ok=True)
            removed += 1
    return removed
