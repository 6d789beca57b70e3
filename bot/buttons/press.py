"""A decoded button press as its handler receives it: who pressed, in which language, and the button itself; for a
button that names a call, the call too (already checked to be the presser's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from telegram import CallbackQuery, Message

from bot.buttons.codec import Button, CallButton
from bot.texts import Texts
from database import Call, User

B = TypeVar("B", bound=Button)
C = TypeVar("C", bound=CallButton)


@dataclass(frozen=True, slots=True)
class Press(Generic[B]):
    """A pressed button of family ``B``."""

    query: CallbackQuery
    user: User
    texts: Texts
    button: B

    @property
    def message(self) -> Message | None:
        """The message under the button, when the bot can still reach it."""
        message = self.query.message
        return message if isinstance(message, Message) else None


@dataclass(frozen=True, slots=True)
class CallPress(Press[C]):
    """A pressed button of a family that names a call, with that call (the presser's: checked before)."""

    call: Call
