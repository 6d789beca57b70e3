"""The original recording in the local Bot API server's directory, removed with its call when the operator asks
(``BOT_DELETE_ORIGINALS``; that directory is mounted read-only by default, and then nothing can be removed).

The path is the one the recording was read from in place (``calls.local_path``, recorded by the pipeline), so the
server is never asked for the file again (it would download it anew). It is checked again as it was when read
(a regular file inside ``BOT_TELEGRAM_FILES_DIR`` reached without a symlink): only such a file is removed, never a
link, a folder or anything outside; a failure is logged and never fails the deletion (the call's own data is gone).
"""

from __future__ import annotations

import asyncio
import logging
import stat
from pathlib import Path

from bot.recordings.telegram_files import confine
from bot.shared.errors import MediaError
from database import Call

log = logging.getLogger(__name__)


def _unlink_regular_file(path: Path) -> None:
    info = path.lstat()
    if not stat.S_ISREG(info.st_mode):
        raise OSError(f"not a regular file ({stat.filemode(info.st_mode)})")
    path.unlink()


class OriginalFiles:
    """Removes originals inside ``files_dir``, the local Bot API server's folder."""

    def __init__(self, files_dir: Path) -> None:
        self._files_dir = files_dir

    async def remove(self, call: Call) -> None:
        """Remove the file the call's recording was read from in place; never raises."""
        if not call.local_path:  # downloaded (cloud API) or never opened: nothing of the server's to remove
            return
        try:
            path = confine(call.local_path, self._files_dir)
            await asyncio.to_thread(_unlink_regular_file, path)
        except FileNotFoundError:
            return
        except MediaError as exc:  # gone meanwhile, or not something of the server's: leave it alone
            log.warning("the original of call %s is not removed: %s", call.id, exc)
            return
        except OSError as exc:  # typically the read-only volume of the default setup
            log.warning("the original of call %s could not be removed: %s", call.id, exc.strerror or exc)
            return
        log.info("removed the original recording of call %s", call.id)
