"""Plain text: an awaited name or title, otherwise a question about the active call; /ask and /search."""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ChatAction, ParseMode

from bot.calls.handlers import apply_title
from bot.calls.view import search_lines
from bot.options.handlers import apply_option
from bot.options.templates import apply_instructions
from bot.people.handlers import apply_person_name
from bot.questions.view import answer_messages
from bot.shared.context import BotContext
from bot.shared.html_lines import pack
from bot.shared.sender import active_call, user_texts
from bot.speakers.handlers import apply_speaker_name
from bot.texts import Texts
from database import Call
from database.search_terms import tokens

SEARCH_HITS = 10
AWAITED = {
    "speaker": apply_speaker_name, "title": apply_title, "instructions": apply_instructions, "option": apply_option,
    "person": apply_person_name,
}  # fmt: skip


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
    context.application.create_task(_answer_call(context, message, call, texts), update=update)


async def _answer_call(context: BotContext, message: Message, call: Call, texts: Texts) -> None:
    await message.reply_chat_action(ChatAction.TYPING)
    reply = await context.runtime.questions.ask_call(call, message.text or "", texts.speaker)
    for part in answer_messages(reply, texts):
        await message.reply_text(part, parse_mode=ParseMode.HTML)


async def on_any_command(update: Update, context: BotContext) -> None:
    """A command instead of the awaited name or title cancels the wait."""
    if update.effective_user is not None:
        context.runtime.awaited.clear(update.effective_user.id)


async def on_ask(update: Update, context: BotContext) -> None:
    """/ask <question>: answer from all the user's calls, citing the call of every quote."""
    svc, message = context.runtime, update.effective_message
    found = await user_texts(svc.db, update)
    if message is None or found is None:
        return
    user, texts = found
    question = " ".join(context.args or [])
    if not question.strip():
        await message.reply_text(texts.ask_usage)
        return
    context.application.create_task(_answer_all(context, message, user.id, question, texts), update=update)


async def _answer_all(context: BotContext, message: Message, user_id: int, question: str, texts: Texts) -> None:
    await message.reply_chat_action(ChatAction.TYPING)
    reply = await context.runtime.questions.ask_all(user_id, question, texts.speaker)
    for part in answer_messages(reply, texts):
        await message.reply_text(part, parse_mode=ParseMode.HTML)


async def on_search(update: Update, context: BotContext) -> None:
    """/search <words>: the best matching passages across all the user's calls, with call and timestamp."""
    svc, message = context.runtime, update.effective_message
    found = await user_texts(svc.db, update)
    if message is None or found is None:
        return
    user, texts = found
    query = " ".join(context.args or []).strip()
    if not query:
        await message.reply_text(texts.search_usage)
        return
    hits = await svc.db.search.segments(user.id, tokens(query), SEARCH_HITS)
    if not hits:
        await message.reply_text(texts.search_none.format(query=query))
        return
    for part in pack(search_lines(hits, texts)):
        await message.reply_text(part, parse_mode=ParseMode.HTML)
