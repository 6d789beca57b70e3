"""Incoming recordings: validate, create the call, reply with its status message, start the pipeline."""

from __future__ import annotations

from telegram import Message, Update

from bot.options.captions import options_from_caption
from bot.options.handlers import defaults_of
from bot.pipeline.buttons import cancel_keyboard
from bot.pipeline.progress_view import Progress, ProgressStage, status_text
from bot.recordings.incoming import incoming_file, size_problem
from bot.shared.call_titles import display_name
from bot.shared.context import BotContext
from bot.shared.sender import group_chat, user_texts
from bot.texts import Texts
from database import User
from database.calls import NewCall


async def on_recording(update: Update, context: BotContext) -> None:
    """Acknowledge a recording at once; transcription and summary run in the background. In a group only when its
    admins turned automatic mode on (otherwise someone answers it with /transcribe)."""
    message, sender, services = update.effective_message, update.effective_user, context.runtime
    found = await user_texts(services.db, update)
    if message is None or sender is None or found is None:
        return
    group = group_chat(update)
    if group is not None:
        stored = await services.db.groups.get(group.id)
        if stored is None or not stored.auto_mode or incoming_file(message) is None:
            return  # the group talks about other things; the bot is asked with /transcribe
    await accept_recording(context, message, found[0], found[1], sender.id)


async def accept_recording(context: BotContext, message: Message, owner: User, texts: Texts, sender_id: int) -> None:
    """Make ``message``'s recording a call of ``owner`` (posted by ``sender_id``), answered as a reply to it."""
    services = context.runtime
    incoming = incoming_file(message)
    if incoming is None:
        await message.reply_text(texts.unsupported)
        return
    if problem := size_problem(incoming.size, services.settings, texts):
        await message.reply_text(problem)
        return
    chosen = options_from_caption(message.caption, defaults_of(owner))
    call = await services.db.calls.create_once(
        NewCall(
            owner.id,
            message.chat_id,
            incoming.source_kind,
            incoming.file_id,
            incoming.file_unique_id,
            incoming.file_name,
            incoming.mime_type,
            incoming.size,
            message_id=message.message_id,
            transcription_options=chosen.options.to_json(),
            sender_id=sender_id,
            thread_id=message.message_thread_id if message.is_topic_message else None,
        )
    )
    if call is None:  # Telegram delivered this message again (or it was asked twice): its call exists
        return
    text = status_text(Progress(ProgressStage.RECEIVED), texts, display_name(call))
    with services.status.acknowledging():  # acknowledgements go before progress redraws
        status = await message.reply_text(text, reply_markup=cancel_keyboard(call.id, texts))
    await services.db.calls.update(owner.id, call.id, status_message_id=status.message_id)
    services.calls.start(call)
    if chosen.problems:
        lines = "\n".join(f"• {p.line} — {texts.options.accepted(p.option)}" for p in chosen.problems)
        await message.reply_text(texts.options.caption_problems.format(lines=lines))


async def on_other_message(update: Update, context: BotContext) -> None:
    """Anything that is not a recording gets told what the bot accepts (in a private chat: a group talks freely)."""
    if group_chat(update) is not None:
        return
    found = await user_texts(context.runtime.db, update)
    if update.effective_message and found:
        await update.effective_message.reply_text(found[1].unsupported)
