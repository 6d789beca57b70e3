"""Temporary files of the pipeline in ``BOT_WORK_DIR``: cloud downloads (``download-*``,
bot/recordings/telegram_files.py) and audio tracks extracted from videos (``audio-*``, bot/recordings/media.py).

Each lives in a temporary folder removed when its step ends; a killed process leaves them behind, so the bot
removes such leftovers when it starts, before any call resumes. Nothing else in the folder is ever touched.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from pathlib import Path

log = logging.getLogger(__name__)
TEMP_PREFIXES = ("download-", "audio-")


def _remove_stale(work_dir: Path) -> list[str]:
    if not work_dir.is_dir():
        return []
    removed = []
    for entry in work_dir.iterdir():
        if not entry.name.startswith(TEMP_PREFIXES):
            continue
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()  # a file or a link: the link itself, never what it points to
        except OSError as exc:
            log.warning("could not remove the stale temporary %s: %s", entry.name, exc)
            continue
        removed.append(entry.name)
    return removed


async def remove_stale_temporaries(work_dir: Path) -> list[str]:
    """Remove what a killed run left in ``work_dir`` (only the pipeline's own prefixes); returns the names."""
    removed = await asyncio.to_thread(_remove_stale, work_dir)
    if removed:
        log.info("removed %d stale temporary downloads/extractions", len(removed))
    return removed
