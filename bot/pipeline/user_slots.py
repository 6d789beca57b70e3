"""Fair share of the pipeline: at most ``limit`` calls of one user run at a time; the others wait in order.

A user who sends twenty recordings gets the first ones processed while the rest wait here, in the bot, instead of
filling the transcription service's queue in front of everyone else. Calls that are already on the service (a
job was submitted before a restart, or only the summary is left) never wait: holding them back would not free
anything, so they may take the user above the limit for a while, and the count shown to waiting calls says so.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager


class UserSlots:
    def __init__(self, limit: int, chat_limit: int | None = None) -> None:
        self.limit = limit
        self.chat_limit = limit if chat_limit is None else chat_limit  # a group chat's calls (owner id < 0)
        self._running: dict[int, set[int]] = {}
        self._waiting: dict[int, list[int]] = {}
        self._changed: dict[int, asyncio.Event] = {}

    def limit_of(self, user_id: int) -> int:
        """The owner's share: a person's, or a group chat's (whose ids are negative)."""
        return self.chat_limit if user_id < 0 else self.limit

    def running(self, user_id: int) -> int:
        """How many of the user's calls hold a slot now."""
        return len(self._running.get(user_id, ()))

    def waiting(self, user_id: int) -> list[int]:
        """The user's waiting calls, first in line first."""
        return list(self._waiting.get(user_id, ()))

    @asynccontextmanager
    async def slot(
        self, user_id: int, call_id: int, wait: bool, on_wait: Callable[[int], Awaitable[None]]
    ) -> AsyncIterator[bool]:
        """Hold one of the user's slots while the block runs; yields whether the call had to wait for it.

        With ``wait`` the call queues behind the user's other waiting calls until fewer than ``limit`` run;
        ``on_wait(running)`` is awaited whenever the number of the user's running calls it waits behind changes.
        """
        waited = False
        if wait and (self._waiting.get(user_id) or self.running(user_id) >= self.limit_of(user_id)):
            waited = True
            await self._wait_turn(user_id, call_id, on_wait)
        self._running.setdefault(user_id, set()).add(call_id)
        try:
            yield waited
        finally:
            self._running[user_id].discard(call_id)
            if not self._running[user_id]:
                del self._running[user_id]
            self._notify(user_id)

    async def _wait_turn(self, user_id: int, call_id: int, on_wait: Callable[[int], Awaitable[None]]) -> None:
        line = self._waiting.setdefault(user_id, [])
        line.append(call_id)
        shown: int | None = None
        try:
            while not (line[0] == call_id and self.running(user_id) < self.limit_of(user_id)):
                changed = self._changed.setdefault(user_id, asyncio.Event())
                if self.running(user_id) != shown:
                    shown = self.running(user_id)
                    await on_wait(shown)
                await changed.wait()
        finally:
            line.remove(call_id)
            if not line:
                del self._waiting[user_id]
            self._notify(user_id)  # the next in line may go now (or a cancelled waiter left the line)

    def _notify(self, user_id: int) -> None:
        event = self._changed.pop(user_id, None)
        if event is not None:
            event.set()
