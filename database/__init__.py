"""aiosqlite data layer of the bot: schema, migrations and queries (all SQL lives in this package)."""

from database.connection import Database
from database.models import (
    AudioCopy,
    Call,
    CallOrigin,
    CallStatus,
    NamedBy,
    PendingDeletion,
    SearchHit,
    Segment,
    Speaker,
    StoredInsights,
    StoredSummary,
    SuggestedName,
    User,
    Word,
)

__all__ = [
    "AudioCopy",
    "Call",
    "CallOrigin",
    "CallStatus",
    "Database",
    "NamedBy",
    "PendingDeletion",
    "SearchHit",
    "Segment",
    "Speaker",
    "StoredInsights",
    "StoredSummary",
    "SuggestedName",
    "User",
    "Word",
]
