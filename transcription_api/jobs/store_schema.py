"""The schema of the service's own SQLite file (``jobs.store``), in order: each entry runs once, recorded in
``schema_migrations``. Append-only: never edit or reorder an entry once released; add a new one at the end."""

from __future__ import annotations

from transcription_api.events import sqlite_log

MIGRATIONS: list[str] = [
    """
    CREATE TABLE jobs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        created_at REAL NOT NULL,
        status TEXT NOT NULL,
        stage TEXT NOT NULL,
        progress REAL NOT NULL DEFAULT 0,
        options TEXT NOT NULL,
        filename TEXT NOT NULL,
        upload_path TEXT,
        error TEXT,
        result TEXT,
        started_at REAL,
        finished_at REAL,
        origin TEXT NOT NULL DEFAULT 'api'
    );
    CREATE INDEX jobs_status_seq ON jobs(status, seq);
    CREATE INDEX jobs_finished_at ON jobs(finished_at);
    """,
    # Fair order across user tags (rank, then seq), attempts for poison jobs, retention counted from the first fetch.
    # Jobs already waiting keep their order: one shared lane, ranked by arrival.
    """
    ALTER TABLE jobs ADD COLUMN user_tag TEXT NOT NULL DEFAULT '';
    ALTER TABLE jobs ADD COLUMN rank INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE jobs ADD COLUMN fetched_at REAL;
    UPDATE jobs SET rank = (
        SELECT COUNT(*) FROM jobs AS earlier WHERE earlier.status IN ('queued', 'processing') AND earlier.seq < jobs.seq
    ) WHERE status IN ('queued', 'processing');
    CREATE INDEX jobs_queue_order ON jobs(status, rank, seq);
    CREATE INDEX jobs_fetched_at ON jobs(fetched_at);
    """,
    # Webhooks (transcription_api/webhooks): one row per job with a callback, its event and delivery attempts.
    """
    CREATE TABLE webhooks (
        job_id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        event_id TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL,
        created_at REAL NOT NULL,
        event TEXT,
        error TEXT,
        finished_at REAL,
        sealed_at REAL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at REAL,
        last_attempt_at REAL,
        last_status_code INTEGER,
        last_error TEXT,
        delivered_at REAL
    );
    CREATE INDEX webhooks_due ON webhooks(state, next_at);
    """,
    sqlite_log.MIGRATION,  # each job's event log (events.sqlite_log)
]
