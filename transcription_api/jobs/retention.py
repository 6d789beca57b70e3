"""How long finished jobs are kept, in one place: nothing is purged before its client has seen it.

- A ``completed`` job counts as fetched the first time its result is returned; a ``failed`` or ``cancelled`` one the
  first time a status or result read (or the cancel itself) reports that outcome.
- A fetched job is purged ``retention_hours`` after that first fetch.
- A job nobody fetched is purged ``unfetched_retention_hours`` after it finished (a cap for clients that vanished).
- ``DELETE /transcribe/{id}`` removes a job at once.
- An upload file no job refers to (its request or process died) is removed at the next purge, as soon as no upload
  holds its lock (see transcription_api.uploads): no hour-long grace.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from transcription_api.jobs.interfaces import JobBook
from transcription_api.jobs.models import Job, JobStatus
from transcription_api.jobs.upload_files import remove_stray_companions, remove_upload

log = logging.getLogger(__name__)
LOCK_GRACE_S = 10.0  # an upload locks its file the instant it creates it; a younger unlocked file is spared


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    retention_hours: float
    unfetched_retention_hours: float
    uploads_dir: Path

    def purge(self, store: JobBook, now: float | None = None) -> list[str]:
        """Delete expired jobs and orphan upload files; returns the ids of the purged jobs."""
        now = time.time() if now is None else now
        purged = store.purge(
            fetched_before=now - self.retention_hours * 3600,
            finished_before=now - self.unfetched_retention_hours * 3600,
        )
        orphans = remove_orphan_uploads(self.uploads_dir, store.live_upload_paths)
        if purged or orphans:
            log.info("retention: %d job(s) and %d orphan upload(s) removed", len(purged), orphans)
        return purged


def reports_outcome(job: Job, result_returned: bool) -> bool:
    """Whether an answer about ``job`` counts as its fetch (see the module's rules)."""
    if job.fetched_at is not None:
        return False
    if job.status == JobStatus.COMPLETED:
        return result_returned
    return job.status in (JobStatus.FAILED, JobStatus.CANCELLED)


def remove_orphan_uploads(directory: Path, live: Callable[[], set[str]], min_age_s: float = LOCK_GRACE_S) -> int:
    """Delete upload files no job points at (left by a request or a process that died). A file an upload still
    holds (its lock, see transcription_api.uploads) is skipped; ``live`` is read again once the locks are taken,
    so a job created meanwhile keeps its file. ``min_age_s`` covers the instant between a file's creation and its
    lock."""
    if not directory.is_dir():
        return 0
    known, now = live(), time.time()
    held: dict[Path, int] = {}
    try:
        for path in directory.glob("*.upload"):
            if str(path) not in known and (fd := _free_lock(path, now, min_age_s)) is not None:
                held[path] = fd
        known = live() if held else known
        orphans = [path for path in held if str(path) not in known]
        for path in orphans:
            remove_upload(path)
        return len(orphans) + remove_stray_companions(directory)
    finally:
        for fd in held.values():
            os.close(fd)


def _free_lock(path: Path, now: float, min_age_s: float) -> int | None:
    """An open descriptor holding the file's lock, or None when an upload holds it (or the file is too young or
    gone)."""
    try:
        if now - path.stat().st_mtime < min_age_s:
            return None
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:  # its job ended meanwhile
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd
