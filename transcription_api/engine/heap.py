"""Keep the process's memory flat over long recordings: large buffers go straight back to the system.

Speech recognition allocates and frees a few hundred megabytes per batch (the encoder's attention over a 30 s
window, for each window of the batch). With glibc's defaults such buffers are carved from the heap, whose free space
fragments and is rarely returned, so the resident size crept up block after block: a 20-minute call with the base
model peaked 584 MB above a 5-minute one. Serving every allocation of 1 MiB or more with its own mapping (returned
on free) and keeping the number of malloc arenas small leaves the peak where a single batch puts it.

glibc only (``mallopt``); elsewhere nothing changes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # malloc.h: allocations at least this big get their own mapping
M_ARENA_MAX = -8  # malloc.h: at most this many arenas for all threads
MMAP_THRESHOLD_BYTES = 1 << 20
ARENA_MAX = 2


def return_large_buffers() -> bool:
    """Tune glibc's allocator for this process; returns whether it could (False off glibc)."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    done = mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1 and mallopt(M_ARENA_MAX, ARENA_MAX) == 1
    if not done:
        log.warning("could not tune the memory allocator; long recordings may use more memory")
    return done
