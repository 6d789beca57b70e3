"""Plain text: the answer to what the bot asked for (a speaker's or person's name, a call's title, an option, the
standing instructions), handed to the slice that asked; otherwise a question about the active call. A command sent
instead of the awaited answer cancels the wait. In a group only text that speaks to the bot counts (a reply to it or
a mention): a question about the call whose message it answers, or a mention in reply to a recording, which asks
for it to be transcribed."""

from __future__ import annotations

from telegram import Message, Update

from bot.buttons.ownership import Actor, refusal
from bot.calls.handlers import apply_title
from bot.groups.addressing import addressed, replies_to_bot
from bot.groups.transcribe import recording_replied_to
from bot.options.handlers import apply_option
from bot.options.templates import apply_instructions
from bot.people.handlers import apply_person_name
from bot.pipeline.recording_handlers import accept_recording
from bot.questions.handlers import answer_call
from bot.shared.awaited_inputs import AwaitedInput
from bot.shared.context import BotContext
from bot.shared.sender import active_call, group_chat, user_texts
from bot.sharing.reader_handlers import apply_shared_question
from bot.speakers.handlers import apply_speaker_name
from database import Call, User

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
    svc, message, person = context.runtime, update.effective_message, update.effective_user
    found = await user_texts(svc.db, update)
    if message is None or not message.text or found is None or person is None:
        return
    user, texts = found
    in_group = group_chat(update) is not None
    if in_group and not addressed(message, context.bot.username, context.bot.id):
        return  # the group talking among itself
    awaited = svc.awaited.take(user.id)
    if awaited is not None and await may_answer(context, user, person.id, awaited, in_group):
        await AWAITED[awaited.question](context, message, user.id, awaited, texts)
        return
    if in_group and (recording := recording_replied_to(message)) is not None:
        posted_by = recording.from_user.id if recording.from_user is not None else person.id
        await accept_recording(context, recording, user, texts, posted_by)
        return
    call = await asked_call(context, message, user, in_group)
    if call is None:
        await message.reply_text(texts.no_call)
        return
    context.application.create_task(answer_call(context, message, call, texts), update=update)


async def may_answer(context: BotContext, owner: User, person: int, awaited: AwaitedInput, in_group: bool) -> bool:
    """In a group the awaited answer is taken only from someone who may make that change; anyone else's text stays
    a question (and the wait goes on)."""
    if not in_group:
        return True
    svc = context.runtime
    call = await svc.db.calls.get(owner.id, awaited.call_id) if awaited.question in ("speaker", "title") else None
    if await refusal(svc.db, svc.members, Actor(person, owner.id), manages=True, call=call) is None:
        return True
    svc.awaited.expect(owner.id, awaited)
    return False


async def asked_call(context: BotContext, message: Message, owner: User, in_group: bool) -> Call | None:
    """The call a question is about: in a group, the one whose summary or status it answers; else the active one."""
    db = context.runtime.db
    if in_group and message.reply_to_message is not None and replies_to_bot(message, context.bot.id):
        call = await db.calls.by_bot_message(owner.id, message.chat_id, message.reply_to_message.message_id)
        if call is not None:
            return call
    return await active_call(db, owner)


async def on_any_command(update: Update, context: BotContext) -> None:
    """A command instead of the awaited name or title cancels the wait."""
    if update.effective_user is None:
        return
    chat = group_chat(update)
    context.runtime.awaited.clear(update.effective_user.id if chat is None else chat.id)
