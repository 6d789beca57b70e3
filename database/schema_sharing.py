"""The schema step that lets an owner share a call by a revocable link (``call_shares``) and records who opened
it (``share_grants``); kept apart from ``database.schema_steps`` like the other large steps. Append-only."""

from __future__ import annotations

CALL_SHARES = (
    "call_shares",
    """
        -- a link to one call: only the SHA-256 of its secret is kept (the link itself is shown once, to its owner);
        -- read-only access for whoever opens it until it expires or is revoked; gone with the call and the owner
        CREATE TABLE call_shares (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            token_hash TEXT NOT NULL UNIQUE,
            call_id    INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            owner_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at REAL NOT NULL,
            expires_at REAL,                  -- NULL: never
            revoked_at REAL                   -- set once; the row stays so the link can say it was revoked
        );
        CREATE INDEX call_shares_owner ON call_shares(owner_id, id);
        CREATE INDEX call_shares_call ON call_shares(call_id);
        -- who opened a link: their access to its call, removed with the link (revoked or deleted) and with them
        CREATE TABLE share_grants (
            share_id   INTEGER NOT NULL REFERENCES call_shares(id) ON DELETE CASCADE,
            user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at REAL NOT NULL,
            PRIMARY KEY (share_id, user_id)
        ) WITHOUT ROWID;
        CREATE INDEX share_grants_user ON share_grants(user_id);
    """,
)
