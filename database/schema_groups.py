"""The schema step that lets a group chat own calls (``group_chats``). Append-only like every step.

A call's owner is ``calls.user_id``: a person's Telegram id (positive) for a private call, or a group's chat id
(negative, as Telegram gives it) for a call posted in a group; the group's settings (language, template, options,
voice profiles, /ask conversation) are the ``users`` row of that id, so a group's data never mixes with a member's.
"""

from __future__ import annotations

GROUP_CHATS = (
    "group_chats",
    """
        -- a group or supergroup the bot was added to; its calls are owned by its chat id
        CREATE TABLE group_chats (
            id            INTEGER PRIMARY KEY,                    -- Telegram chat id (negative)
            kind          TEXT NOT NULL CHECK (kind IN ('group', 'supergroup')),
            title         TEXT,
            bot_present   INTEGER NOT NULL DEFAULT 1 CHECK (bot_present IN (0, 1)),
            auto_mode     INTEGER NOT NULL DEFAULT 0 CHECK (auto_mode IN (0, 1)),  -- every recording processed
            managers      TEXT NOT NULL DEFAULT 'sender_and_admins'
                          CHECK (managers IN ('sender_and_admins', 'admins')),     -- who deletes, renames, sets
            introduced_at REAL,                                   -- when the bot said what it does
            removed_at    REAL,                                   -- when the bot was removed (data kept)
            bot_update_id INTEGER NOT NULL DEFAULT 0,             -- the my_chat_member update bot_present is from
            created_at    REAL NOT NULL,
            updated_at    REAL NOT NULL
        );
        -- who posted the recording (for a group call its owner is the chat); the forum topic it was posted in
        ALTER TABLE calls ADD COLUMN sender_id INTEGER;
        UPDATE calls SET sender_id = user_id;
        ALTER TABLE calls ADD COLUMN thread_id INTEGER;
        """,
)
