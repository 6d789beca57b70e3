"""The schema step that stores speakers as data: a number, and once named, the name and who gave it
(``speakers_by_number``; kept apart from ``database.schema_steps`` for its size). Append-only like every step."""

from __future__ import annotations


def _default_number(name: str) -> str:
    """SQL: N when ``name`` is the bot's old stored default "Speaker N" / "Спикер N", else NULL."""
    return " ".join(
        f"WHEN {name} GLOB '{word} [0-9]*' AND substr({name}, {len(word) + 2}) NOT GLOB '*[^0-9]*'"
        f" THEN CAST(substr({name}, {len(word) + 2}) AS INTEGER)"
        for word in ("Speaker", "Спикер")
    ).join(("CASE ", " END"))


SPEAKERS_BY_NUMBER = (
    "speakers_by_number",
    f"""
        -- a speaker is its number (1 = the first to speak) and, once named, the name and who gave it: 'user' (typed,
        -- tapped, or a voice match confirmed), 'voice' (recognised, not yet confirmed), 'conversation' (heard in
        -- the call). "Speaker N" in the user's language and the voice mark are rendered, never stored: the old
        -- stored defaults become numbers, "Ivan 🔊" becomes Ivan named by voice, other names the user's.
        CREATE TABLE speakers_by_number (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            call_id      INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            label        TEXT NOT NULL,
            number       INTEGER NOT NULL,
            name         TEXT,
            named_by     TEXT CHECK (named_by IN ('user', 'voice', 'conversation')),
            talk_seconds REAL NOT NULL DEFAULT 0,
            UNIQUE (call_id, label),
            CHECK ((name IS NULL) = (named_by IS NULL))
        );
        -- the number: from the old default name, else from the plain name kept with the voice print, else the
        -- order the speaker was stored in (the order of first words), else the next free one
        WITH parsed AS (
            SELECT sp.id, sp.call_id, sp.label, sp.name, sp.talk_seconds, {_default_number("sp.name")} AS own,
                   COALESCE({_default_number("sp.name")}, {_default_number("v.plain_name")}) AS known,
                   ROW_NUMBER() OVER (PARTITION BY sp.call_id ORDER BY sp.id) AS stored_order
            FROM speakers sp LEFT JOIN speaker_voices v ON v.call_id = sp.call_id AND v.label = sp.label
        ), placed AS (
            SELECT p.*, p.known IS NULL AND EXISTS (
                SELECT 1 FROM parsed o WHERE o.call_id = p.call_id AND o.known = p.stored_order
            ) AS taken FROM parsed p
        )
        INSERT INTO speakers_by_number(id, call_id, label, number, name, named_by, talk_seconds)
        SELECT id, call_id, label,
               CASE WHEN known IS NOT NULL THEN known WHEN NOT taken THEN stored_order
                    ELSE (SELECT MAX(COALESCE(MAX(o.known), 0), COUNT(*)) FROM parsed o
                          WHERE o.call_id = placed.call_id)
                         + ROW_NUMBER() OVER (PARTITION BY call_id, taken ORDER BY id) END,
               CASE WHEN own IS NOT NULL THEN NULL WHEN name LIKE '% 🔊' THEN rtrim(substr(name, 1, length(name) - 2))
                    ELSE name END,
               CASE WHEN own IS NOT NULL THEN NULL WHEN name LIKE '% 🔊' THEN 'voice' ELSE 'user' END,
               talk_seconds
        FROM placed;
        DROP TABLE speakers;
        ALTER TABLE speakers_by_number RENAME TO speakers;
        CREATE TRIGGER speaker_voices_stale AFTER DELETE ON speakers BEGIN
            DELETE FROM speaker_voices WHERE call_id = old.call_id AND label = old.label;
        END;
        ALTER TABLE speaker_voices DROP COLUMN plain_name;  -- the speaker's number says it
        """,
)
