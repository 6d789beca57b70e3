"""Questions: about the active call (plain text, routed here by ``bot/app/text_messages.py``), /ask across all
calls, and /search."""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ChatAction, ParseMode

from bot.questions.view import answer_messages, search_lines
from bot.shared.context import BotContext
from bot.shared.html_lines import pack
from bot.shared.sender import user_texts
from bot.texts import Texts
from database import Call
from database.search_terms import tokens

SEARCH_HITS = 10


async def answer_call(context: BotContext, message: Message, call: Call, texts: Texts) -> None:
    await message.reply_chat_action(ChatAction.TYPING)
    reply = await context.runtime.questions.ask_call(call, message.text or "", texts.speaker)
    for part in answer_messages(reply, texts):
        await message.reply_text(part, parse_mode=ParseMode.HTML)


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
