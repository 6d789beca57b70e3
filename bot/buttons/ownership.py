"""Who may act on a call through a button: decided here, for every button that names a call."""

from __future__ import annotations

from database import Call, Database, User


async def call_for_presser(db: Database, presser: User, call_id: int) -> Call | None:
    """The call a pressed button names, when ``presser`` may act on it (today: it is one of their own calls); None
    for a deleted call or another user's. When calls can belong to a group chat, the rule grows here."""
    return await db.calls.get(presser.id, call_id)
