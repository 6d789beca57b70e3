"""/language: the bot's texts in English or Russian, or as the user's Telegram is set."""

from __future__ import annotations

from telegram import Update

from bot.buttons.press import Press
from bot.options.buttons import ChooseLanguage, LanguageChoice, language_keyboard
from bot.shared.context import BotContext
from bot.shared.sender import user_texts
from bot.texts import texts_for

LANGUAGES = {LanguageChoice.EN: "en", LanguageChoice.RU: "ru", LanguageChoice.AUTO: None}


async def on_language(update: Update, context: BotContext) -> None:
    """Offer the languages."""
    found, message = await user_texts(context.runtime.db, update), update.effective_message
    if found is not None and message is not None:
        await message.reply_text(found[1].language_choose, reply_markup=language_keyboard(found[1]))


async def on_language_button(press: Press[ChooseLanguage], context: BotContext) -> None:
    """Store the choice and confirm it in the chosen language."""
    choice = LANGUAGES[press.button.language]
    await context.runtime.db.users.set_language(press.user.id, choice)
    texts = texts_for(choice or press.user.language_code)
    await press.query.answer()
    await press.query.edit_message_text(texts.language_set)
