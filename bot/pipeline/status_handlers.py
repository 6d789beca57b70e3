"""Cancel and Retry buttons under a call's messages."""

from __future__ import annotations

from bot.buttons.press import CallPress
from bot.pipeline.buttons import CancelCall, RetryCall
from bot.shared.context import BotContext


async def on_cancel(press: CallPress[CancelCall], context: BotContext) -> None:
    """Cancel the call's work (and its job on the service)."""
    done = await context.runtime.calls.cancel(press.call)
    await press.query.answer(press.texts.cancel_done if done else press.texts.already_finished)


async def on_retry(press: CallPress[RetryCall], context: BotContext) -> None:
    """Retry the call's summary, or its transcription when that was given up."""
    retried = await context.runtime.calls.retry(press.call)
    await press.query.answer(press.texts.retry_started if retried else press.texts.already_finished)
    if retried and press.query.message:
        await press.query.edit_message_reply_markup(reply_markup=None)
