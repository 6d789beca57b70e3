"""Child processes of the test process, read from /proc: to see that a killed ffmpeg was also reaped."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path


def ffmpeg_children() -> list[int]:
    """ffmpeg processes whose parent is this process, zombies (killed but not reaped) included."""
    me, found = os.getpid(), []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # exited meanwhile
        name, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :].split()
        if int(rest[1]) == me and "ffmpeg" in name:
            found.append(int(stat.parent.name))
    return found


async def wait_for_ffmpeg_child(timeout: float = 30.0) -> int:
    """The pid of the ffmpeg this process started, once it runs."""
    deadline = time.monotonic() + timeout
    while not (children := ffmpeg_children()):
        if time.monotonic() > deadline:
            raise AssertionError(f"no ffmpeg child process appeared within {timeout} s")
        await asyncio.sleep(0.02)
    (pid,) = children
    return pid
