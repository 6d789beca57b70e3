"""The schema's steps, in order: each entry is (name, SQL script), applied once by ``database.migrations``.

Append-only: never edit or reorder an entry once released; add a new one at the end.
"""

from __future__ import annotations

from database.schema_groups import GROUP_CHATS
from database.schema_sharing import CALL_SHARES
from database.schema_speakers import SPEAKERS_BY_NUMBER

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "users_and_calls",
        """
        CREATE TABLE users (
            id            INTEGER PRIMARY KEY,           -- Telegram user id
            language_code TEXT,
            first_name    TEXT,
            created_at    REAL NOT NULL,
            updated_at    REAL NOT NULL
        );
        CREATE TABLE calls (
            id                INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id           INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            chat_id           INTEGER NOT NULL,
            status            TEXT NOT NULL,
            source_kind       TEXT NOT NULL,
            file_id           TEXT NOT NULL,
            file_unique_id    TEXT NOT NULL,
            file_name         TEXT,
            mime_type         TEXT,
            file_size         INTEGER,
            local_path        TEXT,
            job_id            TEXT,
            status_message_id INTEGER,
            language          TEXT,
            duration          REAL,
            error             TEXT,
            created_at        REAL NOT NULL,
            updated_at        REAL NOT NULL,
            finished_at       REAL,
            delivered_at      REAL
        );
        CREATE INDEX calls_user ON calls(user_id, id);
        CREATE INDEX calls_user_file ON calls(user_id, file_unique_id);
        CREATE INDEX calls_status ON calls(status);
        """,
    ),
    (
        "transcripts",
        """
        CREATE TABLE speakers (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            call_id      INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            label        TEXT NOT NULL,                  -- label from the transcription service
            name         TEXT NOT NULL,                  -- display name, renamable by the user
            talk_seconds REAL NOT NULL DEFAULT 0,
            UNIQUE (call_id, label)
        );
        CREATE TABLE segments (
            id       INTEGER PRIMARY KEY AUTOINCREMENT,
            call_id  INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            idx      INTEGER NOT NULL,
            start    REAL NOT NULL,
            "end"    REAL NOT NULL,
            speaker  TEXT,
            text     TEXT NOT NULL,
            UNIQUE (call_id, idx)
        );
        CREATE TABLE words (
            segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
            idx        INTEGER NOT NULL,
            word       TEXT NOT NULL,
            start      REAL,
            "end"      REAL,
            speaker    TEXT,
            PRIMARY KEY (segment_id, idx)
        ) WITHOUT ROWID;
        """,
    ),
    (
        "summaries_and_chat",
        """
        CREATE TABLE summaries (
            call_id    INTEGER PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,
            kind       TEXT NOT NULL,                    -- 'llm' or 'extractive'
            language   TEXT,
            content    TEXT NOT NULL,                    -- JSON of bot.llm.summary.Summary
            created_at REAL NOT NULL
        );
        CREATE TABLE chat_messages (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            call_id    INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            role       TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
            content    TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE INDEX chat_messages_call ON chat_messages(call_id, id);
        """,
    ),
    (
        "conversation_and_search",
        """
        ALTER TABLE calls ADD COLUMN title TEXT;              -- set by the user; NULL = the file name
        ALTER TABLE users ADD COLUMN language_override TEXT;  -- /language; NULL = Telegram's language
        ALTER TABLE users ADD COLUMN active_call_id INTEGER;  -- picked in /calls; NULL = the latest call
        -- stem_text() is registered on every connection (database.connection); rowid = segments.id
        CREATE VIRTUAL TABLE segment_search USING fts5(body, tokenize = 'unicode61 remove_diacritics 0');
        INSERT INTO segment_search(rowid, body) SELECT id, stem_text(text) FROM segments;
        CREATE TRIGGER segment_search_insert AFTER INSERT ON segments BEGIN
            INSERT INTO segment_search(rowid, body) VALUES (new.id, stem_text(new.text));
        END;
        CREATE TRIGGER segment_search_delete AFTER DELETE ON segments BEGIN
            DELETE FROM segment_search WHERE rowid = old.id;
        END;
        CREATE TRIGGER segment_search_update AFTER UPDATE OF text ON segments BEGIN
            UPDATE segment_search SET body = stem_text(new.text) WHERE rowid = new.id;
        END;
        """,
    ),
    (
        "durable_calls",
        """
        -- the Telegram message that brought the recording: a second delivery of the same update finds it
        ALTER TABLE calls ADD COLUMN message_id INTEGER;
        CREATE UNIQUE INDEX calls_message ON calls(chat_id, message_id) WHERE message_id IS NOT NULL;
        -- who created the call: 'telegram' (the bot resumes it after a restart) or 'cli' (it never does)
        ALTER TABLE calls ADD COLUMN origin TEXT NOT NULL DEFAULT 'telegram';
        UPDATE calls SET origin = 'cli' WHERE user_id = 0 AND chat_id = 0;
        -- jobs on the transcription service to delete (acknowledged results, deleted or cancelled calls),
        -- kept until the service confirms; a 404 before settle_until may be an upload still landing
        CREATE TABLE pending_deletions (
            job_id          TEXT PRIMARY KEY,
            created_at      REAL NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL,
            settle_until    REAL NOT NULL DEFAULT 0,
            last_error      TEXT
        );
        CREATE INDEX pending_deletions_due ON pending_deletions(next_attempt_at);
        -- random per-install secrets (never leave this file): the salt of the user tags sent to the service
        CREATE TABLE install_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO install_secrets(name, value) VALUES ('user_tag_salt', lower(hex(randomblob(32))));
        """,
    ),
    (
        "notes_vectors_templates",
        """
        -- the per-part notes of a map-reduce summary, in call order (JSON of a partial summary)
        CREATE TABLE call_notes (
            call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            idx     INTEGER NOT NULL,
            content TEXT NOT NULL,
            PRIMARY KEY (call_id, idx)
        ) WITHOUT ROWID;
        -- embeddings of a call's segments (little-endian float16), from BOT_EMBEDDING_MODEL; idx is the segment's,
        -- -1 the call's mean vector (which calls /ask looks into). Derived from the transcript: deleted with it.
        CREATE TABLE segment_vectors (
            call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            idx     INTEGER NOT NULL,
            model   TEXT NOT NULL,
            vector  BLOB NOT NULL,
            PRIMARY KEY (call_id, idx)
        ) WITHOUT ROWID;
        CREATE TRIGGER segment_vectors_stale AFTER DELETE ON segments BEGIN
            DELETE FROM segment_vectors WHERE call_id = old.call_id;
        END;
        -- the conversation of /ask across all of a user's calls
        CREATE TABLE ask_messages (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            role       TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
            content    TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE INDEX ask_messages_user ON ask_messages(user_id, id);
        -- its answers quote the user's calls: deleting any of them forgets that conversation too
        CREATE TRIGGER ask_messages_forget AFTER DELETE ON calls BEGIN
            DELETE FROM ask_messages WHERE user_id = old.user_id;
        END;
        ALTER TABLE users ADD COLUMN summary_template TEXT;      -- /template: NULL = the kind of call is detected
        ALTER TABLE users ADD COLUMN summary_instructions TEXT;  -- /template: standing instructions for summaries
        ALTER TABLE calls ADD COLUMN summary_message_ids TEXT;   -- JSON list of the summary messages last sent
        """,
    ),
    (
        "call_audio_and_insights",
        """
        -- the compact audio copy of a call that the Mini App's player streams: a file in BOT_AUDIO_DIR, named by
        -- the bot (never by the user); removed with its call, and after BOT_AUDIO_RETENTION_DAYS
        CREATE TABLE call_audio (
            call_id    INTEGER PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,
            file_name  TEXT NOT NULL,
            bytes      INTEGER NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE INDEX call_audio_age ON call_audio(created_at);
        -- chapters and sentiment a language model found in a call (JSON), kept until its transcript changes
        CREATE TABLE call_insights (
            call_id    INTEGER PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,
            model      TEXT NOT NULL,
            content    TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE TRIGGER call_insights_stale AFTER DELETE ON segments BEGIN
            DELETE FROM call_insights WHERE call_id = old.call_id;
        END;
        """,
    ),
    (
        "name_suggestions",
        """
        -- names heard in a call for its speakers ("Hi, I'm Maria"), offered as buttons until applied; they go
        -- with the call, and with its transcript when that is replaced
        CREATE TABLE name_suggestions (
            id      INTEGER PRIMARY KEY AUTOINCREMENT,
            call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            label   TEXT NOT NULL,            -- the speaker's diarizer label
            name    TEXT NOT NULL,
            at      REAL NOT NULL,            -- start of the line the name was heard in
            UNIQUE (call_id, label)
        );
        CREATE TRIGGER name_suggestions_stale AFTER DELETE ON segments BEGIN
            DELETE FROM name_suggestions WHERE call_id = old.call_id;
        END;
        """,
    ),
    (
        "transcription_options",
        """
        -- JSON {speakers: [least, most] | null, language, vocabulary}: the user's defaults (/options), and the
        -- options a call was transcribed with (the defaults and its caption's option lines); NULL = all automatic
        ALTER TABLE users ADD COLUMN transcription_options TEXT;
        ALTER TABLE calls ADD COLUMN transcription_options TEXT;
        """,
    ),
    (
        "voice_profiles",
        """
        -- voice recognition across calls (voice prints are biometric data: each user's own, deleted with them)
        ALTER TABLE users ADD COLUMN voice_recognition INTEGER NOT NULL DEFAULT 1;  -- 0: no prints asked or used
        -- a person the user named in a call, and the voice prints that say who they are (or are not)
        CREATE TABLE people (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name       TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE UNIQUE INDEX people_name ON people(user_id, name);
        CREATE TABLE person_voices (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            call_id    INTEGER REFERENCES calls(id) ON DELETE SET NULL,  -- where it was heard
            model      TEXT NOT NULL,                                    -- "resemblyzer 0.1.4"
            vector     BLOB NOT NULL,                                    -- little-endian float32, unit length
            positive   INTEGER NOT NULL CHECK (positive IN (0, 1)),      -- 0: the user said it is not this person
            created_at REAL NOT NULL
        );
        CREATE INDEX person_voices_person ON person_voices(person_id);
        -- each speaker's voice print in a call, and whom it was matched to: 'named' by the user, recognised by
        -- 'voice' (name applied, not yet confirmed), 'confirmed', or 'ask' (like a voice the user rejected for
        -- that person: asked, not applied)
        CREATE TABLE speaker_voices (
            call_id    INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            label      TEXT NOT NULL,
            model      TEXT NOT NULL,
            vector     BLOB NOT NULL,
            plain_name TEXT NOT NULL,                                     -- "Speaker N", the name without a match
            person_id  INTEGER REFERENCES people(id) ON DELETE SET NULL,
            match      TEXT CHECK (match IN ('named', 'voice', 'confirmed', 'ask')),
            PRIMARY KEY (call_id, label)
        ) WITHOUT ROWID;
        CREATE INDEX speaker_voices_person ON speaker_voices(person_id);
        CREATE TRIGGER speaker_voices_stale AFTER DELETE ON speakers BEGIN
            DELETE FROM speaker_voices WHERE call_id = old.call_id AND label = old.label;
        END;
        """,
    ),
    (
        "word_probability",
        """
        -- how sure the speech recognizer was of each word (0-1; NULL when the service did not say)
        ALTER TABLE words ADD COLUMN probability REAL;
        """,
    ),
    SPEAKERS_BY_NUMBER,
    GROUP_CHATS,
    CALL_SHARES,
)
