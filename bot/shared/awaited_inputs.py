"""What a user's next text message means when the bot asked for a name or a title (kept in memory)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class AwaitedInput:
    question: Literal["speaker", "title", "instructions", "option", "person", "shared"]  # what the bot asked for
    call_id: int  # 0 for "instructions" (/template) and "option" (/options); "person": the person's id; "shared": the
    # id of the link the reader opened (a question about a shared call)
    label: str | None = None  # the speaker's label for ``speaker``; the option's name for ``option``


class AwaitedInputs:
    """One awaited answer per user; a new request replaces it and any command cancels it."""

    def __init__(self) -> None:
        self._by_user: dict[int, AwaitedInput] = {}

    def expect(self, user_id: int, awaited: AwaitedInput) -> None:
        self._by_user[user_id] = awaited

    def take(self, user_id: int) -> AwaitedInput | None:
        return self._by_user.pop(user_id, None)

    def clear(self, user_id: int) -> None:
        self._by_user.pop(user_id, None)
