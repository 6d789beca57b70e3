"""Before any handler, in a group: the chat allow-list, and the commands only those who manage may give. Buttons
are checked where they are routed (``bot/app/menu_buttons.py``), with the call they name."""

from __future__ import annotations

from telegram import Chat, Update
from telegram.ext import ApplicationHandlerStop

from bot.buttons.ownership import Actor, Refusal, refusal
from bot.shared.context import BotContext
from bot.texts import texts_for

MANAGING_COMMANDS = frozenset({"settings", "template", "options", "language", "people"})


def command_of(update: Update) -> str | None:
    """The command a message gives (``/settings@bot`` → ``settings``), if any."""
    message = update.message
    if message is None or not message.text or not message.text.startswith("/"):
        return None
    return message.text.split()[0][1:].split("@")[0].lower()


def anonymous_admin(update: Update, chat: Chat) -> bool:
    """An admin who posts as the group itself (Telegram's "remain anonymous"): the message's sender is the chat."""
    message = update.effective_message
    return message is not None and message.sender_chat is not None and message.sender_chat.id == chat.id


async def group_guard(update: Update, context: BotContext, chat: Chat) -> None:
    """Stop updates from a group that is not allowed, and managing commands from those who may not manage."""
    svc, person = context.runtime, update.effective_user
    if update.my_chat_member is not None or update.chat_member is not None:
        return  # who is in the group: always recorded
    if not svc.settings.is_allowed_group(chat.id):
        if command_of(update) is not None and update.effective_message is not None:
            await update.effective_message.reply_text(
                texts_for(person.language_code if person else None).groups.chat_not_allowed
            )
        raise ApplicationHandlerStop
    command = command_of(update)
    if person is None or command not in MANAGING_COMMANDS or anonymous_admin(update, chat):
        return
    actor = Actor(person.id, chat.id)
    refused = await refusal(svc.db, svc.members, actor, manages=True, call=None)
    if refused is None:
        return
    if update.effective_message is not None:
        texts = texts_for(person.language_code).groups
        answer = texts.not_member if refused is Refusal.NOT_MEMBER else texts.not_manager_command
        await update.effective_message.reply_text(answer)
    raise ApplicationHandlerStop
