"""Which call a command or a button is about: the sender's active call, or the call a button names."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Message, Update

from bot.buttons.codec import CallButton
from bot.buttons.press import CallPress
from bot.shared.context import BotContext
from bot.shared.sender import active_call, user_texts
from bot.texts import Texts
from database import Call

C = TypeVar("C", bound=CallButton)
CallView = Callable[[BotContext, Message, Call, Texts], Awaitable[None]]


async def command_call(update: Update, context: BotContext) -> tuple[Message, Call, Texts] | None:
    """The active call of the command's sender; tells them when there is none yet."""
    found, message = await user_texts(context.runtime.db, update), update.effective_message
    if found is None or message is None:
        return None
    call = await active_call(context.runtime.db, found[0])
    if call is None:
        await message.reply_text(found[1].no_call)
        return None
    return message, call, found[1]


async def show_active_call(update: Update, context: BotContext, view: CallView) -> None:
    """Run ``view`` on the sender's active call."""
    if target := await command_call(update, context):
        await view(context, *target)


async def show_pressed_call(press: CallPress[C], context: BotContext, view: CallView) -> None:
    """Run ``view`` on the call the button names (the presser's: a foreign or deleted one never gets here)."""
    if press.message is not None:
        await press.query.answer()
        await view(context, press.message, press.call, press.texts)
