"""Plain text: the answer to what the bot asked for (a speaker's or person's name, a call's title, an option, the
standing instructions), handed to the slice that asked; otherwise a question about the active call. A command sent
instead of the awaited answer cancels the wait."""

from __future__ import annotations

from telegram import Update

from bot.calls.handlers import apply_title
from bot.options.handlers import apply_option
from bot.options.templates import apply_instructions
from bot.people.handlers import apply_person_name
from bot.questions.handlers import answer_call
from bot.shared.context import BotContext
from bot.shared.sender import active_call, user_texts
from bot.sharing.reader_handlers import apply_shared_question
from bot.speakers.handlers import apply_speaker_name

AWAITED = {
    "speaker": apply_speaker_name,
    "title": apply_title,
    "instructions": apply_instructions,
    "option": apply_option,
    "person": apply_person_name,
    "shared": apply_shared_question,
}


async def on_text(update: Update, context: BotContext) -> None:
    """Use the text as the name the bot asked for, or answer it as a question about the active call."""
    svc, message = context.runtime, update.effective_message
    found = await user_texts(svc.db, update)
    if message is None or not message.text or found is None:
        return
    user, texts = found
    awaited = svc.awaited.take(user.id)
    if awaited is not None:
        await AWAITED[awaited.question](context, message, user.id, awaited, texts)
        return
    call = await active_call(svc.db, user)
    if call is None:
        await message.reply_text(texts.no_call)
        return
    context.application.create_task(answer_call(context, message, call, texts), update=update)


async def on_any_command(update: Update, context: BotContext) -> None:
    """A command instead of the awaited name or title cancels the wait."""
    if update.effective_user is not None:
        context.runtime.awaited.clear(update.effective_user.id)
