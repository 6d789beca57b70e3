"""Cancel and Retry buttons under a call's messages."""

from __future__ import annotations

from telegram import Update

from bot.buttons.status_buttons import CALLBACK_PATTERN, CANCEL
from bot.context import BotContext
from bot.texts import texts_for


async def on_call_button(update: Update, context: BotContext) -> None:
    """Cancel a running call or retry its summary; a call id of another user is refused."""
    query, user = update.callback_query, update.effective_user
    match = CALLBACK_PATTERN.match(query.data or "") if query else None
    if query is None or user is None or match is None:
        return
    texts, services = texts_for(user.language_code), context.runtime
    call = await services.db.calls.get(user.id, int(match.group(2)))
    if call is None:
        await query.answer(texts.not_your_call, show_alert=True)
        return
    if match.group(1) == CANCEL:
        done = await services.calls.cancel(call)
        await query.answer(texts.cancel_done if done else texts.already_finished)
        return
    retried = await services.calls.retry(call)
    await query.answer(texts.retry_started if retried else texts.already_finished)
    if retried and query.message:
        await query.edit_message_reply_markup(reply_markup=None)
