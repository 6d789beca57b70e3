"""Shows a call's progress in its one status message and delivers the result to the chat."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from telegram import Bot

from bot.exports.call_files import talk_time_picture
from bot.pipeline.buttons import cancel_keyboard, retry_keyboard, retry_transcription_keyboard
from bot.pipeline.progress_view import Progress, ProgressStage, status_text
from bot.pipeline.status_editor import StatusEditor
from bot.pipeline.summary_messages import SummaryMessages
from bot.shared.call_thread import reply_to_recording
from bot.shared.call_titles import call_title, display_name
from bot.shared.error_view import describe
from bot.shared.errors import BotError, TranscriptionStalled
from bot.speakers.voice_checks import send_voice_checks
from bot.summaries.summary import Summary
from bot.texts import Texts, texts_for
from database import Call, Database

log = logging.getLogger(__name__)


class TelegramReporter:
    def __init__(
        self, bot: Bot, db: Database, edit_interval: float, status: StatusEditor, summaries: SummaryMessages
    ) -> None:
        self._bot = bot
        self._summaries = summaries
        self._db = db
        self._interval = edit_interval
        self.status = status
        self._last: dict[int, tuple[float, str]] = {}

    async def texts(self, call: Call) -> Texts:
        user = await self._db.users.get(call.user_id)
        return texts_for(user.language if user else None)

    async def progress(self, call: Call, progress: Progress, force: bool = False) -> None:
        texts = await self.texts(call)
        text = status_text(progress, texts, display_name(call))
        last_at, last_text = self._last.get(call.id, (0.0, ""))
        if text == last_text or (not force and time.monotonic() - last_at < self._interval):
            return
        keyboard = cancel_keyboard(call.id, texts) if progress.stage.cancellable else None
        self._last[call.id] = (time.monotonic(), text)
        self.status.submit(call, text, keyboard)
        if progress.stage.finished:
            self._last.pop(call.id, None)

    async def _send_transcript(self, call: Call, transcript: str, texts: Texts) -> None:
        if not transcript:
            return
        name = f"{Path(call.file_name or 'call').stem or 'call'}-{call.id}.txt"
        await self._bot.send_document(
            call.chat_id,
            document=transcript.encode("utf-8"),
            filename=name,
            caption=texts.transcript_caption,
            message_thread_id=call.thread_id,
            reply_parameters=reply_to_recording(call),
        )

    async def deliver(self, call: Call, summary: Summary | None, transcript: str) -> None:
        texts = await self.texts(call)
        if summary is None:
            await self._bot.send_message(
                call.chat_id,
                texts.empty_transcript,
                message_thread_id=call.thread_id,
                reply_parameters=reply_to_recording(call),
            )
        else:
            await self._summaries.send(call, summary, texts)
            await self.send_picture(call, texts)
        await self._send_transcript(call, transcript, texts)
        await send_voice_checks(self._bot, self._db, call, texts)

    async def send_picture(self, call: Call, texts: Texts) -> bool:
        """Send the talk-time picture of the call; False when there is nothing to draw."""
        picture = await talk_time_picture(self._db, call, texts)
        if picture is None:
            return False
        caption = texts.picture_caption.format(title=call_title(call))
        await self._bot.send_photo(
            call.chat_id,
            photo=picture,
            caption=caption,
            message_thread_id=call.thread_id,
            reply_parameters=reply_to_recording(call),
        )
        return True

    async def summary_failed(self, call: Call, reason: str, transcript: str) -> None:
        texts = await self.texts(call)
        await self.progress(call, Progress(ProgressStage.FAILED, detail=reason), force=True)
        await self._send_transcript(call, transcript, texts)
        await self._bot.send_message(
            call.chat_id,
            texts.summary_failed.format(reason=reason),
            reply_markup=retry_keyboard(call.id, texts),
            message_thread_id=call.thread_id,
            reply_parameters=reply_to_recording(call),
        )

    async def failed(self, call: Call, error: BotError | None) -> None:
        texts = await self.texts(call)
        progress = Progress(ProgressStage.FAILED, detail=describe(error, texts))
        if isinstance(error, TranscriptionStalled):  # given up waiting: the user may send the recording again
            self._last.pop(call.id, None)
            text = status_text(progress, texts, display_name(call))
            self.status.submit(call, text, retry_transcription_keyboard(call.id, texts))
            return
        await self.progress(call, progress, force=True)
