"""/transcribe (or a mention of the bot) in reply to a recording posted in a group: it becomes the group's call."""

from __future__ import annotations

from telegram import Message, Update

from bot.pipeline.recording_handlers import accept_recording
from bot.recordings.incoming import incoming_file
from bot.shared.context import BotContext
from bot.shared.sender import user_texts


def recording_replied_to(message: Message) -> Message | None:
    """The message with a recording that ``message`` answers; None when it answers none."""
    replied = message.reply_to_message
    return replied if replied is not None and incoming_file(replied) is not None else None


async def on_transcribe(update: Update, context: BotContext) -> None:
    """Process the recording this command replies to (the call belongs to the chat it was posted in)."""
    message, sender = update.effective_message, update.effective_user
    found = await user_texts(context.runtime.db, update)
    if message is None or sender is None or found is None:
        return
    recording = recording_replied_to(message)
    if recording is None:
        await message.reply_text(found[1].groups.transcribe_usage)
        return
    posted_by = recording.from_user.id if recording.from_user is not None else sender.id
    await accept_recording(context, recording, found[0], found[1], posted_by)
