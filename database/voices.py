"""Queries on ``people``, ``person_voices`` and ``speaker_voices``: the user's voice profiles (biometric data, per
user only) and the voice prints of their calls' speakers. Vectors are opaque bytes here; bot.speakers.voices
compares them."""

from __future__ import annotations

import time
from dataclasses import dataclass

import aiosqlite

from database.transactions import transaction

_OWNED_CALL = "EXISTS (SELECT 1 FROM calls c WHERE c.id = :call AND c.user_id = :user)"
_OWNED_PERSON = "EXISTS (SELECT 1 FROM people p WHERE p.id = :person AND p.user_id = :user)"


@dataclass(frozen=True, slots=True)
class SpeakerVoice:
    """A speaker's voice print in one call, and the person it was matched to (if any)."""

    label: str
    model: str
    vector: bytes
    number: int  # the speaker's number in the call ("Speaker 2" when not named)
    person_id: int | None
    person_name: str | None
    match: str | None


@dataclass(frozen=True, slots=True)
class Profile:
    """A person's voice prints of one model: the positives say who they are, the negatives who they are not."""

    person_id: int
    name: str
    positives: tuple[bytes, ...]
    negatives: tuple[bytes, ...]


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str
    calls: int  # calls of the user the person was heard in (named, recognised or confirmed)


class VoiceQueries:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def enabled(self, user_id: int) -> bool:
        """Whether the user lets the bot recognise voices (on unless turned off)."""
        async with self._conn.execute("SELECT voice_recognition FROM users WHERE id = ?", (user_id,)) as cur:
            row = await cur.fetchone()
        return row is None or bool(row[0])

    async def set_enabled(self, user_id: int, enabled: bool) -> None:
        async with transaction(self._conn) as conn:
            await conn.execute("UPDATE users SET voice_recognition = ? WHERE id = ?", (int(enabled), user_id))

    async def save_speakers(self, user_id: int, call_id: int, voices: list[tuple[str, str, bytes]]) -> None:
        """Store (label, model, vector) of the call's speakers that exist, replacing earlier ones."""
        async with transaction(self._conn) as conn:
            await conn.execute("DELETE FROM speaker_voices WHERE call_id = ?", (call_id,))
            await conn.executemany(
                "INSERT INTO speaker_voices(call_id, label, model, vector)"
                " SELECT :call, :label, :model, :vector WHERE "
                + _OWNED_CALL
                + " AND EXISTS (SELECT 1 FROM speakers s WHERE s.call_id = :call AND s.label = :label)",
                [
                    {"call": call_id, "user": user_id, "label": label, "model": model, "vector": vector}
                    for label, model, vector in voices
                ],
            )

    async def speakers(self, user_id: int, call_id: int) -> list[SpeakerVoice]:
        async with self._conn.execute(
            "SELECT v.label, v.model, v.vector, sp.number, v.person_id, p.name, v.match FROM speaker_voices v"
            " JOIN calls c ON c.id = v.call_id JOIN speakers sp ON sp.call_id = v.call_id AND sp.label = v.label"
            " LEFT JOIN people p ON p.id = v.person_id"
            " WHERE v.call_id = ? AND c.user_id = ? ORDER BY v.label",
            (call_id, user_id),
        ) as cur:
            return [SpeakerVoice(*row) for row in await cur.fetchall()]

    async def profiles(self, user_id: int, model: str) -> list[Profile]:
        """Every person of the user with their prints of ``model`` (people with none of it are left out)."""
        async with self._conn.execute(
            "SELECT p.id, p.name, v.vector, v.positive FROM people p JOIN person_voices v ON v.person_id = p.id"
            " WHERE p.user_id = ? AND v.model = ? ORDER BY p.id, v.id",
            (user_id, model),
        ) as cur:
            rows = await cur.fetchall()
        found: dict[int, tuple[str, list[bytes], list[bytes]]] = {}
        for person_id, name, vector, positive in rows:
            _, positives, negatives = found.setdefault(person_id, (name, [], []))
            (positives if positive else negatives).append(vector)
        return [Profile(pid, name, tuple(pos), tuple(neg)) for pid, (name, pos, neg) in found.items() if pos]

    async def recognise(self, user_id: int, call_id: int, label: str, person_id: int, match: str) -> None:
        """Match a speaker to a person: 'voice' also gives the speaker the person's name (named by voice), 'ask'
        only asks."""
        params = {"call": call_id, "user": user_id, "label": label, "person": person_id, "match": match}
        async with transaction(self._conn) as conn:
            await conn.execute(
                "UPDATE speaker_voices SET person_id = :person, match = :match WHERE call_id = :call"
                f" AND label = :label AND {_OWNED_CALL} AND {_OWNED_PERSON}",
                params,
            )
            if match == "voice":
                await conn.execute(
                    "UPDATE speakers SET name = (SELECT name FROM people WHERE id = :person), named_by = 'voice'"
                    f" WHERE call_id = :call AND label = :label AND {_OWNED_CALL} AND {_OWNED_PERSON}",
                    params,
                )

    async def learn(self, user_id: int, call_id: int, label: str, name: str | None) -> int | None:
        """The user called the speaker ``name``: that person (created if new) gets the speaker's print as a
        positive; a different person the voice had been matched to gets it as a negative. None: no print, or no
        name (the speaker is its number again: no one, and no longer anyone)."""
        voice = next((v for v in await self.speakers(user_id, call_id) if v.label == label), None)
        if voice is None or name is None:
            if voice is not None:
                await self._unlink(call_id, label)
            return None
        async with transaction(self._conn) as conn:
            await conn.execute(
                "INSERT INTO people(user_id, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (user_id, name, time.time()),
            )
            async with conn.execute("SELECT id FROM people WHERE user_id = ? AND name = ?", (user_id, name)) as cur:
                person_id = int((await cur.fetchone() or (0,))[0])
            if voice.person_id is not None and voice.person_id != person_id and voice.match in ("voice", "ask"):
                await _add_print(conn, voice.person_id, call_id, voice, positive=False)
            await _add_print(conn, person_id, call_id, voice, positive=True)
            await conn.execute(
                "UPDATE speaker_voices SET person_id = ?, match = 'named' WHERE call_id = ? AND label = ?",
                (person_id, call_id, label),
            )
        return person_id

    async def _unlink(self, call_id: int, label: str) -> None:
        async with transaction(self._conn) as conn:
            await conn.execute(
                "UPDATE speaker_voices SET person_id = NULL, match = NULL WHERE call_id = ? AND label = ?",
                (call_id, label),
            )

    async def answer(self, user_id: int, call_id: int, label: str, person_id: int, yes: bool) -> SpeakerVoice | None:
        """The user's answer to "is this <person>?": yes adds a positive and gives the speaker the name (now the
        user's), no adds a negative and takes the name away. Returns the voice as it was, None if it is gone."""
        voice = next((v for v in await self.speakers(user_id, call_id) if v.label == label), None)
        if voice is None or voice.person_id != person_id or voice.match not in ("voice", "ask"):
            return None
        async with transaction(self._conn) as conn:
            await _add_print(conn, person_id, call_id, voice, positive=yes)
            await conn.execute(
                "UPDATE speaker_voices SET person_id = ?, match = ? WHERE call_id = ? AND label = ?",
                (person_id if yes else None, "confirmed" if yes else None, call_id, label),
            )
            await conn.execute(
                "UPDATE speakers SET name = ?, named_by = ? WHERE call_id = ? AND label = ?",
                (voice.person_name if yes else None, "user" if yes else None, call_id, label),
            )
        return voice

    async def people(self, user_id: int) -> list[Person]:
        async with self._conn.execute(
            "SELECT p.id, p.name, (SELECT COUNT(DISTINCT v.call_id) FROM speaker_voices v WHERE v.person_id = p.id"
            " AND v.match IN ('named', 'voice', 'confirmed')) FROM people p WHERE p.user_id = ? ORDER BY p.name",
            (user_id,),
        ) as cur:
            return [Person(*row) for row in await cur.fetchall()]

    async def rename_person(self, user_id: int, person_id: int, name: str) -> bool:
        """False when the user has no such person or already has one with that name."""
        async with transaction(self._conn) as conn:
            cur = await conn.execute(
                "UPDATE OR IGNORE people SET name = ? WHERE id = ? AND user_id = ?", (name, person_id, user_id)
            )
            return cur.rowcount > 0

    async def merge(self, user_id: int, source_id: int, target_id: int) -> bool:
        """Move every print and match of one person to another of the same user, then remove the first."""
        params = {"user": user_id, "source": source_id, "target": target_id}
        both = "(SELECT COUNT(*) FROM people WHERE user_id = :user AND id IN (:source, :target)) = 2"
        if source_id == target_id:
            return False
        async with transaction(self._conn) as conn:
            await conn.execute(
                f"UPDATE person_voices SET person_id = :target WHERE person_id = :source AND {both}", params
            )
            await conn.execute(
                f"UPDATE speaker_voices SET person_id = :target WHERE person_id = :source AND {both}", params
            )
            cur = await conn.execute(f"DELETE FROM people WHERE id = :source AND user_id = :user AND {both}", params)
            return cur.rowcount > 0

    async def delete_person(self, user_id: int, person_id: int) -> bool:
        """Forget a person and every print of them (names already given in calls stay)."""
        async with transaction(self._conn) as conn:
            await conn.execute(
                "UPDATE speaker_voices SET person_id = NULL, match = NULL WHERE person_id = :person"
                f" AND {_OWNED_PERSON}",
                {"person": person_id, "user": user_id},
            )
            cur = await conn.execute("DELETE FROM people WHERE id = ? AND user_id = ?", (person_id, user_id))
            return cur.rowcount > 0


async def _add_print(
    conn: aiosqlite.Connection, person_id: int, call_id: int, voice: SpeakerVoice, positive: bool
) -> None:
    await conn.execute(
        "INSERT INTO person_voices(person_id, call_id, model, vector, positive, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (person_id, call_id, voice.model, voice.vector, int(positive), time.time()),
    )
