"""Voice prints into profiles and back: keep a call's prints, name the speakers whose voice is known, learn from
the names the user gives and the answers to "is this Ivan?". Nothing happens for a user who turned it off."""

from __future__ import annotations

import logging

from bot.speakers.voices.matching import Candidate, enough_speech, match_speakers, pack, unpack
from bot.transcription.client import VoicePrints
from database import Call, Database
from database.voices import SpeakerVoice

log = logging.getLogger(__name__)


class VoiceRecognition:
    def __init__(self, db: Database, threshold: float) -> None:
        self._db, self.threshold = db, threshold

    async def wanted(self, user_id: int) -> bool:
        """Whether to ask the service for voice prints for this user's calls."""
        return await self._db.voices.enabled(user_id)

    async def recognise(self, call: Call, prints: VoicePrints | None) -> None:
        """Keep the call's prints and name every speaker whose voice matches one of the user's people. A print
        made from too little clean speech is neither kept nor matched: it names nobody and teaches no profile."""
        if prints is None or not await self._db.voices.enabled(call.user_id):
            return
        labels = {s.label for s in await self._db.transcripts.speakers(call.user_id, call.id)}
        packed = {
            label: pack(vector)
            for label, vector in prints.vectors.items()
            if label in labels and enough_speech(prints.seconds.get(label))
        }
        await self._db.voices.save_speakers(
            call.user_id, call.id, [(label, prints.model, blob) for label, blob in packed.items()]
        )
        profiles = await self._db.voices.profiles(call.user_id, prints.model)
        candidates = [
            Candidate(p.person_id, [unpack(b) for b in p.positives], [unpack(b) for b in p.negatives]) for p in profiles
        ]
        found = match_speakers({label: unpack(b) for label, b in packed.items()}, candidates, self.threshold)
        for label, match in found.items():  # a sure match names the speaker (by voice), a close one only asks
            match_kind = "ask" if match.ask else "voice"
            await self._db.voices.recognise(call.user_id, call.id, label, match.person_id, match_kind)
        if found:
            log.info("call %s: %d of %d speakers recognised by voice", call.id, len(found), len(packed))

    async def learn(self, user_id: int, call_id: int, label: str, name: str | None) -> None:
        """The user named a speaker: that person's profile learns the voice (when recognition is on); ``None``:
        the speaker has no name again, and the voice is no one's."""
        if await self._db.voices.enabled(user_id):
            await self._db.voices.learn(user_id, call_id, label, name)


async def open_questions(db: Database, call: Call) -> list[SpeakerVoice]:
    """Speakers of the call named by voice or asked about, awaiting the user's yes or no."""
    if not await db.voices.enabled(call.user_id):
        return []
    return [v for v in await db.voices.speakers(call.user_id, call.id) if v.match in ("voice", "ask")]
