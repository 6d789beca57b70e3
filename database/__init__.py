"""aiosqlite data layer of the bot: schema, migrations and queries (all SQL lives in this package)."""

from database.connection import Database
from database.models import (
    Call,
    CallOrigin,
    CallStatus,
    PendingDeletion,
    SearchHit,
    Segment,
    Speaker,
    StoredSummary,
    User,
    Word,
)

__all__ = [
    "Call",
    "CallOrigin",
    "CallStatus",
    "Database",
    "PendingDeletion",
    "SearchHit",
    "Segment",
    "Speaker",
    "StoredSummary",
    "User",
    "Word",
]
