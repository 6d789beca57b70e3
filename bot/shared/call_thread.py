"""Where the bot's messages about a call go: in a group, into the recording's forum topic, as replies to it."""

from __future__ import annotations

from telegram import ReplyParameters

from database import Call


def reply_to_recording(call: Call) -> ReplyParameters | None:
    """A reply to the recording for a group's call (sent anyway if it was deleted); None in a private chat."""
    if not call.in_group or call.message_id is None:
        return None
    return ReplyParameters(message_id=call.message_id, allow_sending_without_reply=True)
