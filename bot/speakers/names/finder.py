"""Finding a call's name suggestions once its transcript is in (the model's, else the patterns'), and which of
them are still worth offering."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.shared.errors import NamesError
from bot.speakers.names import patterns
from bot.speakers.names.confidence import sure_enough
from bot.speakers.names.heard import HeardName, Line, NameSuggestion, choose, lines_of
from bot.speakers.names.model_names import ModelNames
from database import Call, Database, NamedBy, Speaker, SuggestedName

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Offer:
    """A stored suggestion with the speaker it names (nobody has named them yet)."""

    suggestion: SuggestedName
    speaker: Speaker


class NameFinder:
    def __init__(self, db: Database, model: ModelNames | None = None) -> None:
        self._db, self._model = db, model

    async def aclose(self) -> None:
        if self._model is not None:
            await self._model.aclose()

    async def find(self, call: Call) -> list[NameSuggestion]:
        """Find and keep the call's suggestions (replacing earlier ones); never raises for a model failure.

        A speaker the bot named by voice counts as unnamed here: the name heard for them is kept, to be offered
        if the user says the voice is not that person ("❌ not Alice")."""
        segments = await self._db.transcripts.segments(call.user_id, call.id, with_words=True)
        heard = sure_enough(await self._heard(lines_of(segments)), segments)
        chosen = choose(heard, await self._speakers_as_heard(call))
        await self._db.names.replace(call.user_id, call.id, [(s.label, s.name, s.at) for s in chosen])
        return chosen

    async def _speakers_as_heard(self, call: Call) -> list[Speaker]:
        """The call's speakers, those named by voice (unconfirmed) as the unnamed speakers they were before."""
        speakers = await self._db.transcripts.speakers(call.user_id, call.id)
        return [replace(s, name=None, named_by=None) if s.named_by is NamedBy.VOICE else s for s in speakers]

    async def _heard(self, lines: Sequence[Line]) -> list[HeardName]:
        if self._model is not None and lines:
            try:
                if heard := await self._model.heard_in(lines):
                    return heard
            except NamesError as exc:
                log.info("names from the patterns: %s", exc)
        return patterns.heard_in(lines)


async def offers(db: Database, call: Call) -> list[Offer]:
    """The call's suggestions whose speaker nobody has named yet and whose name no speaker has yet."""
    suggestions = await db.names.list(call.user_id, call.id)
    if not suggestions:
        return []
    speakers = {s.label: s for s in await db.transcripts.speakers(call.user_id, call.id)}
    given = {s.name.casefold() for s in speakers.values() if s.name is not None}
    return [
        Offer(s, speakers[s.label])
        for s in suggestions
        if s.label in speakers and speakers[s.label].name is None and s.name.casefold() not in given
    ]
