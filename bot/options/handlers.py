"""/options: the user's default transcription options (speakers, language, vocabulary) for their next recordings;
buttons set them, or ask for a value in the next text message."""

from __future__ import annotations

import dataclasses
from typing import Any

from telegram import Message, Update

from bot.buttons.press import Press
from bot.options.buttons import ChooseOption, OptionKey, options_keyboard
from bot.options.call_options import CallOptions, OptionError
from bot.options.captions import PARSERS
from bot.shared.awaited_inputs import AwaitedInput
from bot.shared.context import BotContext
from bot.shared.sender import user_texts
from bot.texts import Texts
from database import User

OPTION_KEYS = {OptionKey.SPEAKERS: "speakers", OptionKey.LANGUAGE: "language", OptionKey.VOCABULARY: "vocabulary"}


def describe(options: CallOptions, texts: Texts) -> str:
    """The /options message: the current defaults and how a caption overrides them."""
    t = texts.options
    if options.speakers is None:
        speakers = t.auto
    elif options.speakers[0] == options.speakers[1]:
        speakers = str(options.speakers[0])
    else:
        speakers = t.speakers_range.format(low=options.speakers[0], high=options.speakers[1])
    return t.title.format(
        speakers=speakers,
        language=options.language or t.language_auto,
        vocabulary=options.vocabulary or t.vocabulary_none,
    )


def defaults_of(user: User) -> CallOptions:
    return CallOptions.from_json(user.transcription_options)


async def on_options(update: Update, context: BotContext) -> None:
    """Show the defaults with buttons to change them."""
    found, message = await user_texts(context.runtime.db, update), update.effective_message
    if found is None or message is None:
        return
    user, texts = found
    await message.reply_text(describe(defaults_of(user), texts), reply_markup=options_keyboard(texts))


async def _store(context: BotContext, user: User, option: str, value: Any) -> CallOptions:
    options = dataclasses.replace(defaults_of(user), **{option: value})
    await context.runtime.db.users.set_transcription_options(user.id, options.to_json())
    return options


async def on_option_button(press: Press[ChooseOption], context: BotContext) -> None:
    """A value from the keyboard (``3``, ``auto``, ``clear``…), or ``ask``: the next text message."""
    option, value = OPTION_KEYS[press.button.option], press.button.value
    if press.message is None:
        await press.query.answer()
        return
    if value == "ask":
        context.runtime.awaited.expect(press.user.id, AwaitedInput("option", 0, option))
        await press.query.answer()
        prompts = {
            "speakers": press.texts.options.prompt_speakers,
            "language": press.texts.options.prompt_language,
            "vocabulary": press.texts.options.prompt_vocabulary,
        }
        await press.message.reply_text(prompts[option])
        return
    try:
        parsed = PARSERS[option]("-" if value == "clear" else value)
    except OptionError:
        await press.query.answer(press.texts.options.accepted(option), show_alert=True)
        return
    options = await _store(context, press.user, option, parsed)
    await press.query.answer(press.texts.options.saved)
    text = f"{press.texts.options.saved}\n\n{describe(options, press.texts)}"
    await press.query.edit_message_text(text, reply_markup=options_keyboard(press.texts))


async def apply_option(
    context: BotContext, message: Message, user_id: int, awaited: AwaitedInput, texts: Texts
) -> None:
    """The text message after "Range…", "Other language…" or "Vocabulary…"; asked again when not accepted."""
    option = awaited.label or ""
    user = await context.runtime.db.users.get(user_id)
    if user is None or option not in PARSERS:
        return
    try:
        parsed = PARSERS[option](message.text or "")
    except OptionError:
        context.runtime.awaited.expect(user_id, awaited)
        await message.reply_text(f"⚠️ {texts.options.accepted(option)}")
        return
    options = await _store(context, user, option, parsed)
    await message.reply_text(
        f"{texts.options.saved}\n\n{describe(options, texts)}", reply_markup=options_keyboard(texts)
    )
