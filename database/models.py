"""Typed rows returned by the query modules."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class CallOrigin(StrEnum):
    """Who created a call: the bot resumes only its own calls after a restart."""

    TELEGRAM = "telegram"
    CLI = "cli"


class CallStatus(StrEnum):
    """Lifecycle of a call; only the pipeline changes it."""

    RECEIVED = "received"
    QUEUED = "queued"
    TRANSCRIBING = "transcribing"
    SUMMARIZING = "summarizing"
    DONE = "done"
    SUMMARY_FAILED = "summary_failed"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_active(self) -> bool:
        return self in ACTIVE_STATUSES


ACTIVE_STATUSES = frozenset({CallStatus.RECEIVED, CallStatus.QUEUED, CallStatus.TRANSCRIBING, CallStatus.SUMMARIZING})


@dataclass(frozen=True, slots=True)
class User:
    id: int
    language_code: str | None
    first_name: str | None
    language_override: str | None = None
    active_call_id: int | None = None
    summary_template: str | None = None  # /template: None = the kind of call is detected
    summary_instructions: str | None = None  # /template: the user's standing instructions for summaries
    transcription_options: str | None = None  # /options: JSON of the user's defaults (bot.options)

    @property
    def language(self) -> str | None:
        """The language of the bot's texts: the /language choice, else Telegram's."""
        return self.language_override or self.language_code


@dataclass(frozen=True, slots=True)
class Call:
    id: int
    user_id: int
    chat_id: int
    status: CallStatus
    source_kind: str
    file_id: str
    file_unique_id: str
    file_name: str | None
    mime_type: str | None
    file_size: int | None
    local_path: str | None
    job_id: str | None
    status_message_id: int | None
    language: str | None
    duration: float | None
    error: str | None
    created_at: float
    finished_at: float | None
    delivered_at: float | None
    title: str | None = None
    message_id: int | None = None  # the Telegram message that brought the recording (None from the CLI)
    origin: str = "telegram"  # CallOrigin value
    summary_message_ids: str | None = None  # JSON list of the summary messages last sent (edited on a rename)
    transcription_options: str | None = None  # JSON of the options it was transcribed with (bot.options)
    sender_id: int | None = None  # who posted the recording (the owner, for a private call)
    thread_id: int | None = None  # the forum topic the recording was posted in; the bot answers there

    @property
    def in_group(self) -> bool:
        """Owned by a group chat (whose ids are negative), not by one person."""
        return self.user_id < 0

    @property
    def upload_unconfirmed(self) -> bool:
        """The job id is chosen but the service has not confirmed the upload: it may or may not have it."""
        return self.status is CallStatus.RECEIVED and self.job_id is not None


@dataclass(frozen=True, slots=True)
class Word:
    word: str
    start: float | None
    end: float | None
    speaker: str | None = None
    probability: float | None = None  # the recognizer's confidence in the word, when the service said


@dataclass(frozen=True, slots=True)
class Segment:
    start: float
    end: float
    text: str
    speaker: str | None
    words: tuple[Word, ...] = field(default_factory=tuple)


class NamedBy(StrEnum):
    """Who gave a speaker its name: the user (typed, tapped or confirmed), their voice profile (not yet
    confirmed), or the call itself (a name heard in it, applied with one tap)."""

    USER = "user"
    VOICE = "voice"
    CONVERSATION = "conversation"


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker of a call: the diarizer's label, its number (1 = the first to speak), and the name it was given,
    if any. How it is shown ("Speaker 2", "Ivan 🔊") is decided when displaying (bot.shared.speaker_names)."""

    label: str
    number: int
    talk_seconds: float
    name: str | None = None
    named_by: NamedBy | None = None


@dataclass(frozen=True, slots=True)
class StoredSummary:
    call_id: int
    made_by: str  # "llm" or "extractive" (the column ``summaries.kind``)
    language: str | None
    content: str
    created_at: float


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A segment matching a search across the user's calls."""

    call_id: int
    call_title: str
    call_created_at: float
    idx: int
    start: float
    text: str
    label: str | None  # the segment's speaker label
    speaker: Speaker | None  # its speaker (None when the segment has none)


@dataclass(frozen=True, slots=True)
class PendingDeletion:
    """A job on the transcription service the bot still has to delete."""

    job_id: str
    created_at: float
    attempts: int
    next_attempt_at: float
    settle_until: float
    last_error: str | None


@dataclass(frozen=True, slots=True)
class AudioCopy:
    """The compact audio copy of a call kept for the Mini App's player (a file in the bot's audio folder)."""

    call_id: int
    file_name: str
    bytes: int
    created_at: float


@dataclass(frozen=True, slots=True)
class StoredInsights:
    """Chapters and sentiment a language model found in a call (JSON), with the model's name."""

    call_id: int
    model: str
    content: str
    created_at: float


@dataclass(frozen=True, slots=True)
class SuggestedName:
    """A name heard in a call for one of its speakers, offered to the user until applied."""

    id: int
    call_id: int
    label: str
    name: str
    at: float
