"""A group chat's fair share (BOT_MAX_ACTIVE_CALLS_PER_CHAT) beside a person's (BOT_MAX_ACTIVE_CALLS_PER_USER): a
group's third call waits while two run, a person's second waits behind one, and each waiting call starts when a slot
of its own owner frees."""

from __future__ import annotations

import asyncio

from bot.pipeline.user_slots import UserSlots

GROUP, PERSON = -1001, 7


async def nothing(_: int) -> None:
    return None


async def run(slots: UserSlots, owner: int, call_id: int, started: list[int], done: asyncio.Event) -> None:
    async with slots.slot(owner, call_id, True, nothing):
        started.append(call_id)
        await done.wait()


async def test_a_group_runs_its_own_number_of_calls_at_a_time() -> None:
    slots = UserSlots(limit=1, chat_limit=2)
    started: list[int] = []
    release = {call_id: asyncio.Event() for call_id in (1, 2, 3, 10, 11)}
    tasks = [
        asyncio.create_task(run(slots, owner, call_id, started, release[call_id]))
        for owner, call_id in ((GROUP, 1), (GROUP, 2), (PERSON, 10), (GROUP, 3), (PERSON, 11))
    ]
    await asyncio.sleep(0.05)
    assert sorted(started) == [1, 2, 10] and (slots.waiting(GROUP), slots.waiting(PERSON)) == ([3], [11])
    release[10].set()  # the person's call ends: their next one starts, the group's still waits
    await asyncio.sleep(0.05)
    assert sorted(started) == [1, 2, 10, 11] and slots.waiting(GROUP) == [3]
    release[1].set()
    await asyncio.sleep(0.05)
    assert sorted(started) == [1, 2, 3, 10, 11] and slots.running(GROUP) == 2
    for event in release.values():
        event.set()
    await asyncio.wait_for(asyncio.gather(*tasks), 5)
