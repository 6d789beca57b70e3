"""aiosqlite data layer of the bot: schema, migrations and queries (all SQL lives in this package)."""

from database.connection import Database
from database.models import Call, CallStatus, Segment, Speaker, StoredSummary, User, Word

__all__ = ["Call", "CallStatus", "Database", "Segment", "Speaker", "StoredSummary", "User", "Word"]
