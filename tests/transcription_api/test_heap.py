"""Freed large buffers go back to the system once the engine has tuned the allocator (engine.heap)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# In a fresh interpreter: raise glibc's dynamic mmap threshold the way a freed 16 MB buffer does, then allocate ten
# 10 MB buffers (touching every page), free all but the last one (which pins the top of the heap), and report the
# resident size before and after freeing.
PROBE = """
import ctypes, ctypes.util, json, sys
sys.path.insert(0, sys.argv[1])
if sys.argv[2] == "tuned":
    from transcription_api.engine.heap import return_large_buffers
    assert return_large_buffers()
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
def rss():
    return int([l for l in open("/proc/self/status") if l.startswith("VmRSS")][0].split()[1]) // 1024
big = libc.malloc(16 << 20); ctypes.memset(big, 1, 16 << 20); libc.free(big)
chunks = [libc.malloc(10 << 20) for _ in range(10)]
for chunk in chunks:
    ctypes.memset(chunk, 1, 10 << 20)
held = rss()
for chunk in chunks[:-1]:
    libc.free(chunk)
print(json.dumps({"held": held, "after": rss()}))
"""


def resident(mode: str) -> dict[str, int]:
    done = subprocess.run([sys.executable, "-c", PROBE, str(ROOT), mode], capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout))


def test_freed_buffers_are_returned_once_tuned() -> None:
    default, tuned = resident("default"), resident("tuned")
    # With glibc's defaults the 90 MB freed stay in the process (the heap's top is pinned by the last buffer) ...
    assert default["held"] - default["after"] < 20, default
    # ... tuned, each buffer had its own mapping and went back on free.
    assert tuned["held"] - tuned["after"] >= 80, tuned
