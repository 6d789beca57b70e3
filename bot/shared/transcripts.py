"""Speakers from segments, and the stored transcript rendered as lines for prompts and the .txt file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.shared.speaker_names import SpeakerNames
from bot.shared.transcript_file import transcript_lines
from bot.texts import texts_for
from database import Call, Database, Segment, Speaker


@dataclass(frozen=True)
class Transcript:
    lines: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n" if self.lines else ""


def speakers_from(segments: Sequence[Segment]) -> list[Speaker]:
    """One speaker per label, numbered in order of first appearance, with summed talk time; nobody named yet."""
    order: list[str] = []
    talk: dict[str, float] = {}
    for seg in segments:
        if not seg.speaker:
            continue
        if seg.speaker not in talk:
            order.append(seg.speaker)
            talk[seg.speaker] = 0.0
        talk[seg.speaker] += max(0.0, seg.end - seg.start)
    return [Speaker(label, i, round(talk[label], 2)) for i, label in enumerate(order, start=1)]


async def transcript_for(db: Database, call: Call) -> Transcript:
    segments = await db.transcripts.segments(call.user_id, call.id)
    user = await db.users.get(call.user_id)
    unknown = texts_for(user.language if user else None).speaker
    names = SpeakerNames.of_speakers(await db.transcripts.speakers(call.user_id, call.id), unknown)
    return Transcript(transcript_lines([s for s in segments if s.text], names))
