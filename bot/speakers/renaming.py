"""Renaming a call's speaker: the stored name and who gave it, the voice profile that learns it, and the summary
already in the chat, edited in place (or sent anew). Renames of one call run one at a time: each reads the
summary, renames in it and stores it (two quick taps must not lose one)."""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.shared.speaker_names import default_name, speaker_name
from bot.speakers.voices.recognition import VoiceRecognition
from bot.summaries.renaming import rename_in_summary
from bot.texts import EN, RU, Texts
from database import Call, Database, NamedBy

if TYPE_CHECKING:
    from bot.pipeline.summary_messages import SummaryMessages


@dataclass(frozen=True, slots=True)
class Renamed:
    old: str  # what the speaker was shown as
    summary_edited: bool | None  # None: the call has no summary; False: it was sent anew


class SpeakerRenaming:
    def __init__(self, db: Database, voices: VoiceRecognition, summaries: SummaryMessages) -> None:
        self._db, self._voices, self._summaries = db, voices, summaries
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    async def rename(self, call: Call, label: str, name: str, named_by: NamedBy, texts: Texts) -> Renamed | None:
        """Call the speaker ``name`` (a valid name); the speaker's own "Speaker N" takes the name away. ``None``
        when the call has no such speaker."""
        async with self._locks.setdefault(call.id, asyncio.Lock()):
            return await self._rename(call, label, name, named_by, texts)

    async def _rename(self, call: Call, label: str, name: str, named_by: NamedBy, texts: Texts) -> Renamed | None:
        call = await self._db.calls.get(call.user_id, call.id) or call  # as the rename before this one left it
        speakers = await self._db.transcripts.speakers(call.user_id, call.id)
        speaker = next((s for s in speakers if s.label == label), None)
        if speaker is None:
            return None
        given = None if name.casefold() == default_name(speaker.number, texts.speaker).casefold() else name
        if not await self._db.transcripts.rename_speaker(call.user_id, call.id, label, given, named_by):
            return None
        await self._voices.learn(call.user_id, call.id, label, given)  # the person's profile learns the voice
        old = speaker_name(speaker, texts.speaker)
        new = speaker_name(replace(speaker, name=given, named_by=named_by if given else None), texts.speaker)
        # the summary was written in the language of its day: an unnamed speaker may be "Спикер 2" there
        written = [old, *(default_name(speaker.number, t.speaker) for t in (EN, RU) if speaker.name is None)]
        return Renamed(old, await self._in_summary(call, list(dict.fromkeys(written)), new, texts))

    async def follow_in_summary(self, call: Call, old: str, new: str, texts: Texts) -> bool | None:
        """The summary in the chat shows the speaker ``old`` as ``new`` (a voice question was answered): edited
        in place (True), sent anew (False), or there is none (None)."""
        if old == new:
            return None
        async with self._locks.setdefault(call.id, asyncio.Lock()):
            fresh = await self._db.calls.get(call.user_id, call.id) or call
            return await self._in_summary(fresh, [old], new, texts)

    async def _in_summary(self, call: Call, old: list[str], new: str, texts: Texts) -> bool | None:
        summary = await rename_in_summary(self._db, call, old, new)
        if summary is None:
            return None
        if await self._summaries.edit(call, summary, texts):
            return True
        await self._summaries.send(call, summary, texts)
        return False
