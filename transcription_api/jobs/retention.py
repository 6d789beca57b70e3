"""How long finished jobs are kept, in one place: nothing is purged before its client has seen it.

- A ``completed`` job counts as fetched the first time its result is returned; a ``failed`` or ``cancelled`` one the
  first time a status or result read (or the cancel itself) reports that outcome.
- A fetched job is purged ``retention_hours`` after that first fetch.
- A job nobody fetched is purged ``unfetched_retention_hours`` after it finished (a cap for clients that vanished).
- ``DELETE /transcribe/{id}`` removes a job at once; upload files no job refers to are removed too.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from transcription_api.jobs.interfaces import JobBook
from transcription_api.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)
ORPHAN_MIN_AGE_S = 3600.0  # a younger file may be an upload still streaming in


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
        orphans = remove_orphan_uploads(self.uploads_dir, store.live_upload_paths(), ORPHAN_MIN_AGE_S)
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


def remove_orphan_uploads(directory: Path, live: set[str], min_age_s: float) -> int:
    """Delete upload files no job points at (left by a crash mid-upload); young files may be in flight."""
    if not directory.is_dir():
        return 0
    removed = 0
    now = time.time()
    for path in directory.glob("*.upload"):
        try:
            young = now - path.stat().st_mtime < min_age_s
        except FileNotFoundError:  # its job ended meanwhile
            continue
        if str(path) not in live and not young:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
