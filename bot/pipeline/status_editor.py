"""Status-message edits: coalesced per call, sent at a bounded rate, and held back while acknowledgements go out.

Telegram allows a bot about 30 messages a second in all. Acknowledging a new recording matters more than redrawing
a progress bar, so edits wait while any acknowledgement is in flight, and only the latest text of each status
message is kept (a stage that was superseded before its turn is simply never drawn).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, TelegramError

from bot.shared.call_thread import reply_to_recording
from database import Call, Database

log = logging.getLogger(__name__)


class StatusEditor:
    def __init__(self, bot: Bot, db: Database, edits_per_second: float) -> None:
        self._bot, self._db = bot, db
        self._gap = 1.0 / edits_per_second if edits_per_second > 0 else 0.0
        self._pending: dict[int, tuple[Call, str, InlineKeyboardMarkup | None]] = {}
        self._wakeup = asyncio.Event()
        self._no_acks = asyncio.Event()
        self._no_acks.set()
        self._acks = 0
        self._holding = False
        self._task: asyncio.Task[None] | None = None

    @property
    def holding_edits(self) -> bool:
        """True while an edit that is ready to go waits for acknowledgements to finish."""
        return self._holding

    @contextlib.contextmanager
    def acknowledging(self) -> Iterator[None]:
        """Hold edits back while a new recording is being acknowledged."""
        self._acks += 1
        self._no_acks.clear()
        try:
            yield
        finally:
            self._acks -= 1
            if not self._acks:
                self._no_acks.set()

    def submit(self, call: Call, text: str, keyboard: InlineKeyboardMarkup | None) -> None:
        """Ask for the call's status message to show ``text``; replaces an edit still waiting its turn."""
        self._pending[call.id] = (call, text, keyboard)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="status-editor")
        self._wakeup.set()

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            while self._pending:
                self._holding = not self._no_acks.is_set()
                await self._no_acks.wait()
                self._holding = False
                call_id = next(iter(self._pending))
                call, text, keyboard = self._pending.pop(call_id)
                try:
                    await self._show(call, text, keyboard)
                except Exception:  # a failed redraw must never stop the others
                    log.exception("status edit of call %s failed", call_id)
                await asyncio.sleep(self._gap)

    async def _show(self, call: Call, text: str, keyboard: InlineKeyboardMarkup | None) -> None:
        """Edit the status message; if it is gone, send a new one and remember it."""
        fresh = await self._db.calls.get(call.user_id, call.id) or call
        if fresh.status_message_id is not None:
            try:
                await self._bot.edit_message_text(
                    text, chat_id=call.chat_id, message_id=fresh.status_message_id, reply_markup=keyboard
                )
                return
            except BadRequest as exc:
                if "not modified" in exc.message.lower():
                    return
                log.info("status of call %s not editable (%s); sending a new one", call.id, exc.message)
            except TelegramError as exc:
                log.warning("could not update status of call %s: %s", call.id, exc)
                return
        sent = await self._bot.send_message(
            call.chat_id,
            text,
            reply_markup=keyboard,
            message_thread_id=call.thread_id,
            reply_parameters=reply_to_recording(call),
        )
        await self._db.calls.update(call.user_id, call.id, status_message_id=sent.message_id)
