"""The compact audio copy of each call that the Mini App's player streams (mono Opus in WebM, ~11 MB an hour).

Made while the call's recording is at hand (next to its upload), by ffmpeg confined to that one file
(confined_ffmpeg). A copy is written as ``<call id>.webm.part`` and renamed when complete, then recorded in
``call_audio``; a file no row names (a killed run's, or one whose call was deleted meanwhile) is removed by the
sweep at start. Copies go with their call, with "all my data", and after the retention period.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

from confined_ffmpeg import FfmpegTimeout, input_args, run
from database import AudioCopy, Call, Database

log = logging.getLogger(__name__)
SUFFIX = ".webm"
MIME_TYPE = "audio/webm"
_OURS = re.compile(r"^\d+\.webm(?:\.part)?$")  # the only names this folder's owner ever writes
PURGE_INTERVAL_S = 3600.0


def copy_args(source: Path, target: Path) -> list[str]:
    """Mono 16 kHz Opus at 24 kbit/s, metadata dropped: speech stays clear, an hour is about 11 MB."""
    return [
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        *input_args(source),
        "-map",
        "0:a:0",
        "-vn",
        "-map_metadata",
        "-1",
        "-ac",
        "1",
        "-ar",
        "16000",
        "-c:a",
        "libopus",
        "-b:a",
        "24k",
        "-application",
        "voip",
        "-f",
        "webm",
        f"file:{target.absolute()}",
    ]


class AudioCopies:
    """``making`` off (no Mini App, or no retention): no new copies, but the ones there are still go with their
    calls and expire, so switching the Mini App off never leaves users' audio behind."""

    def __init__(
        self, db: Database, folder: Path, retention_s: float, ffmpeg_timeout_s: float, making: bool = True
    ) -> None:
        self.db, self.folder, self.making = db, folder, making
        self.retention_s, self.timeout_s = retention_s, ffmpeg_timeout_s
        self._task: asyncio.Task[None] | None = None

    def path_of(self, copy: AudioCopy) -> Path | None:
        """The file of a recorded copy; ``None`` when it is missing or the name is not one the bot writes."""
        path = self.folder / copy.file_name
        if not _OURS.match(copy.file_name) or copy.file_name.endswith(".part") or path.is_symlink():
            return None
        return path if path.is_file() else None

    async def keep(self, call: Call, audio: Path) -> None:
        """Make the call's copy from ``audio``; a failure is logged, never raised (the call goes on without)."""
        if not self.making:
            return
        name = f"{call.id}{SUFFIX}"
        target, part = self.folder / name, self.folder / f"{name}.part"
        try:
            await asyncio.to_thread(self.folder.mkdir, parents=True, exist_ok=True)
            finished = await run(copy_args(audio, part), self.timeout_s)
            if finished.returncode != 0 or not part.is_file():
                log.warning("no audio copy for call %s: %s", call.id, finished.last_line() or "ffmpeg failed")
                return
            await self._settle(call, part, target)
        except (FfmpegTimeout, OSError) as exc:
            log.warning("no audio copy for call %s: %s", call.id, exc)
        finally:
            part.unlink(missing_ok=True)

    async def reuse(self, earlier: Call, call: Call) -> None:
        """Give ``call`` a copy of ``earlier``'s audio (the same recording sent again), when there is one."""
        kept = await self.db.audio.get(earlier.user_id, earlier.id) if self.making else None
        source = self.path_of(kept) if kept else None
        if source is None:
            return
        name = f"{call.id}{SUFFIX}"
        target, part = self.folder / name, self.folder / f"{name}.part"
        try:
            await asyncio.to_thread(shutil.copyfile, source, part)
            await self._settle(call, part, target)
        except OSError as exc:
            log.warning("could not copy the audio of call %s for call %s: %s", earlier.id, call.id, exc)
        finally:
            part.unlink(missing_ok=True)

    async def _settle(self, call: Call, part: Path, target: Path) -> None:
        """Rename the complete file into place, then record it; a call deleted meanwhile gets no file."""
        size = part.stat().st_size
        part.replace(target)
        if not await self.db.audio.record(call.user_id, call.id, target.name, size):
            target.unlink(missing_ok=True)

    async def remove(self, call_ids: Iterable[int]) -> None:
        """Delete the copies of these calls (their rows usually went with the calls already)."""
        ids = list(call_ids)
        await self.db.audio.forget(ids)
        for call_id in ids:
            for name in (f"{call_id}{SUFFIX}", f"{call_id}{SUFFIX}.part"):
                await asyncio.to_thread((self.folder / name).unlink, missing_ok=True)

    async def purge(self, now: float | None = None) -> int:
        """Delete the copies older than the retention period; returns how many."""
        expired = await self.db.audio.older_than((now or time.time()) - self.retention_s)
        await self.remove(copy.call_id for copy in expired)
        return len(expired)

    async def sweep(self) -> int:
        """Remove the folder's files no call owns (half-written copies of a killed run, copies of deleted calls).
        Only while copies are made: a folder this bot does not write to is left alone."""
        if not self.making or not self.folder.is_dir():
            return 0
        owned = await self.db.audio.file_names()
        removed = 0
        for entry in await asyncio.to_thread(lambda: list(self.folder.iterdir())):
            if _OURS.match(entry.name) and entry.name not in owned and not entry.is_symlink() and entry.is_file():
                entry.unlink(missing_ok=True)
                removed += 1
        return removed

    async def start(self) -> None:
        """Sweep now (before any call resumes and writes here), then purge expired copies hourly until
        :meth:`aclose`."""
        swept = await self.sweep()
        if swept:
            log.info("removed %d audio file(s) no call owns", swept)
        self._task = asyncio.create_task(self._purging(), name="audio-copies")

    async def _purging(self) -> None:
        while True:
            try:
                purged = await self.purge()
                if purged:
                    log.info("removed %d audio copies past their retention", purged)
            except Exception:
                log.exception("purging old audio copies failed")
            await asyncio.sleep(PURGE_INTERVAL_S)

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
