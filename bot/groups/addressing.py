"""Whether a message in a group speaks to the bot: a reply to one of its messages, or a mention of it. With privacy
mode on, Telegram shows the bot commands meant for it and replies to its messages (not mentions); with privacy mode
off, or as an admin, it sees everything and must still answer only these."""

from __future__ import annotations

from telegram import Message, MessageEntity


def mentions(message: Message, username: str) -> bool:
    """``@username`` is in the text or caption as a mention."""
    wanted = f"@{username}".lower()
    found = message.parse_entities([MessageEntity.MENTION]) or message.parse_caption_entities([MessageEntity.MENTION])
    return any(text.lower() == wanted for text in found.values())


def replies_to_bot(message: Message, bot_id: int) -> bool:
    replied = message.reply_to_message
    return replied is not None and replied.from_user is not None and replied.from_user.id == bot_id


def addressed(message: Message, username: str, bot_id: int) -> bool:
    return replies_to_bot(message, bot_id) or mentions(message, username)
