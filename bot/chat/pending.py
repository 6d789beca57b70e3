"""What a user's next text message means when the bot asked for a name or a title (kept in memory)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Pending:
    kind: Literal["speaker", "title"]
    call_id: int
    label: str | None = None  # the speaker's label for ``speaker``


class PendingInputs:
    """One awaited answer per user; a new request replaces it and any command cancels it."""

    def __init__(self) -> None:
        self._by_user: dict[int, Pending] = {}

    def expect(self, user_id: int, pending: Pending) -> None:
        self._by_user[user_id] = pending

    def take(self, user_id: int) -> Pending | None:
        return self._by_user.pop(user_id, None)

    def clear(self, user_id: int) -> None:
        self._by_user.pop(user_id, None)
