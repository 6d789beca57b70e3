"""Waiting in tests: re-check a condition until a deadline, then fail saying what never happened (``eventually`` in
async tests, ``wait_for`` in synchronous ones)."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar, overload

T = TypeVar("T")


@overload
async def eventually(
    condition: Callable[[], Awaitable[T]], what: str, timeout: float = ..., interval: float = ...
) -> T: ...


@overload
async def eventually(condition: Callable[[], T], what: str, timeout: float = ..., interval: float = ...) -> T: ...


async def eventually(
    condition: Callable[[], object], what: str, timeout: float = 30.0, interval: float = 0.05
) -> object:
    """The first truthy value of ``condition()`` (sync or async); AssertionError naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}; last value: {value!r}")
        await asyncio.sleep(interval)


def wait_for(predicate: Callable[[], object], timeout: float, what: str, every: float = 0.05) -> None:
    """Poll ``predicate`` until it is true; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
