"""Which messages carry a recording, and whether its size can be handled."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass

from telegram import Message

from bot.shared.settings import CLOUD_DOWNLOAD_LIMIT, BotSettings
from bot.texts import Texts

MEDIA_PREFIXES = ("audio/", "video/")


@dataclass(frozen=True, slots=True)
class IncomingFile:
    source_kind: str  # what the recording came as: voice, audio, video, video_note or document
    file_id: str
    file_unique_id: str
    file_name: str | None
    mime_type: str | None
    size: int | None


def _document_mime(name: str | None, mime: str | None) -> str | None:
    if mime and mime.startswith(MEDIA_PREFIXES):
        return mime
    guessed = mimetypes.guess_type(name or "")[0]
    return guessed if guessed and guessed.startswith(MEDIA_PREFIXES) else None


def incoming_file(message: Message) -> IncomingFile | None:
    """The recording in ``message``; ``None`` when it carries nothing the bot can transcribe."""
    if message.voice:
        voice = message.voice
        mime = voice.mime_type or "audio/ogg"
        return IncomingFile("voice", voice.file_id, voice.file_unique_id, "voice.ogg", mime, voice.file_size)
    if message.audio:
        a = message.audio
        return IncomingFile("audio", a.file_id, a.file_unique_id, a.file_name, a.mime_type, a.file_size)
    if message.video:
        video = message.video
        name = video.file_name or "video.mp4"
        return IncomingFile("video", video.file_id, video.file_unique_id, name, video.mime_type, video.file_size)
    if message.video_note:
        n = message.video_note
        return IncomingFile("video_note", n.file_id, n.file_unique_id, "video_note.mp4", "video/mp4", n.file_size)
    if message.document:
        d = message.document
        media_type = _document_mime(d.file_name, d.mime_type)
        if media_type:
            return IncomingFile("document", d.file_id, d.file_unique_id, d.file_name, media_type, d.file_size)
    return None


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size} B"


def size_problem(size: int | None, settings: BotSettings, texts: Texts) -> str | None:
    """A reply explaining why a file of ``size`` bytes cannot be fetched, or ``None`` when it can."""
    if size is None:
        return None
    if size > settings.max_file_bytes:
        return texts.too_big.format(size=human_size(size), limit=human_size(settings.max_file_bytes))
    if not settings.telegram_local_mode and size > CLOUD_DOWNLOAD_LIMIT:
        return texts.too_big_cloud.format(size=human_size(size))
    return None
