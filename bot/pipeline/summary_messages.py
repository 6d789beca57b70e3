"""The summary's messages in a chat: sent with a Regenerate button under the last part, and remembered, so that
renaming a speaker edits them in place instead of sending everything again."""

from __future__ import annotations

import json
import logging

from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.buttons.open_call import OpenCall, with_open_call
from bot.shared.call_thread import reply_to_recording
from bot.shared.call_titles import call_title
from bot.speakers.buttons import wrong_speakers_row
from bot.speakers.name_buttons import name_rows, with_names
from bot.speakers.names.finder import offers
from bot.summaries.buttons import regenerate_keyboard
from bot.summaries.summary import Summary
from bot.summaries.view import render_summary
from bot.texts import Texts
from database import Call, Database

log = logging.getLogger(__name__)


class SummaryMessages:
    def __init__(self, bot: Bot, db: Database, opener: OpenCall | None = None) -> None:
        self._bot, self._db = bot, db
        self._opener = opener or OpenCall(None)  # the Mini App: an "Open call" button above Regenerate

    async def _keyboard(self, call: Call, texts: Texts) -> InlineKeyboardMarkup | None:
        """Names heard in the call (until applied); Regenerate, with the Mini App on (calls then keep their audio)
        also "Wrong speakers?"; Open call."""
        markup = regenerate_keyboard(call.id, texts)
        if self._opener.miniapp_url is not None:
            markup = InlineKeyboardMarkup([[*markup.inline_keyboard[0], *wrong_speakers_row(call.id, texts)]])
        opened = with_open_call(markup, self._opener, call, texts)
        return with_names(opened, name_rows(call.id, await offers(self._db, call), texts))

    def _parts(self, call: Call, summary: Summary, texts: Texts, titled: bool) -> list[str]:
        return render_summary(summary, texts, call_title(call) if titled else None)

    async def send(self, call: Call, summary: Summary, texts: Texts, titled: bool = False) -> None:
        """Send the summary (headed by the call's title when ``titled``) and remember its messages."""
        parts = self._parts(call, summary, texts, titled)
        ids = []
        for i, part in enumerate(parts, start=1):
            keyboard = await self._keyboard(call, texts) if i == len(parts) else None
            sent = await self._bot.send_message(
                call.chat_id,
                part,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard,
                message_thread_id=call.thread_id,
                reply_parameters=reply_to_recording(call),
            )
            ids.append(sent.message_id)
        shown = json.dumps({"ids": ids, "titled": titled})
        await self._db.calls.update(call.user_id, call.id, summary_message_ids=shown)

    async def edit(self, call: Call, summary: Summary, texts: Texts) -> bool:
        """Show ``summary`` in the messages last sent for the call; False when they are unknown, gone, or would
        need a different number of messages."""
        try:
            shown = json.loads(call.summary_message_ids or "{}")
            ids, titled = [int(i) for i in shown["ids"]], bool(shown["titled"])
        except (ValueError, KeyError, TypeError):
            return False
        parts = self._parts(call, summary, texts, titled)
        if not ids or len(ids) != len(parts):
            return False
        for i, (message_id, part) in enumerate(zip(ids, parts, strict=True), start=1):
            keyboard = await self._keyboard(call, texts) if i == len(parts) else None
            try:
                await self._bot.edit_message_text(
                    part, chat_id=call.chat_id, message_id=message_id, parse_mode=ParseMode.HTML, reply_markup=keyboard
                )
            except BadRequest as exc:
                if "not modified" not in exc.message.lower():
                    log.info("summary of call %s not editable (%s)", call.id, exc.message)
                    return False
            except TelegramError as exc:
                log.warning("could not edit the summary of call %s: %s", call.id, exc)
                return False
        return True
