"""/template: the summary template for the user's next summaries (or Auto: the detected kind of call), and their
standing instructions (``/template <instructions>``, or a button and then a text message)."""

from __future__ import annotations

from telegram import Message, Update

from bot.buttons.press import Press
from bot.options.buttons import ChooseTemplate, ClearInstructions, WriteInstructions, template_keyboard
from bot.shared.awaited_inputs import AwaitedInput
from bot.shared.context import BotContext
from bot.shared.sender import user_texts
from bot.shared.typed_text import one_line
from bot.summaries.templates import INSTRUCTION_CHARS, TEMPLATES
from bot.texts import Texts
from database import User


def template_text(user: User, texts: Texts) -> str:
    template = texts.call_kind(user.summary_template) if user.summary_template else texts.template_auto
    instructions = user.summary_instructions or texts.template_no_instructions
    return texts.template_title.format(template=template, instructions=instructions)


async def on_template(update: Update, context: BotContext) -> None:
    """Show the template and instructions with buttons; ``/template <text>`` stores the text as instructions."""
    found, message = await user_texts(context.runtime.db, update), update.effective_message
    if found is None or message is None:
        return
    user, texts = found
    written = " ".join(context.args or [])
    if written.strip():
        await store_instructions(context, message, user.id, written, texts)
        return
    await message.reply_text(template_text(user, texts), reply_markup=template_keyboard(texts))


async def store_instructions(context: BotContext, message: Message, user_id: int, text: str, texts: Texts) -> bool:
    instructions = one_line(text)
    if not instructions or len(instructions) > INSTRUCTION_CHARS:
        await message.reply_text(texts.instructions_invalid)
        return False
    await context.runtime.db.users.set_summary_instructions(user_id, instructions)
    await message.reply_text(texts.instructions_set.format(instructions=instructions))
    return True


async def apply_instructions(
    context: BotContext, message: Message, user_id: int, awaited: AwaitedInput, texts: Texts
) -> None:
    """The text message after "Write instructions"."""
    if not await store_instructions(context, message, user_id, message.text or "", texts):
        context.runtime.awaited.expect(user_id, awaited)


async def on_template_button(press: Press[ChooseTemplate], context: BotContext) -> None:
    """Pick a template (or Auto)."""
    key = press.button.template if press.button.template in TEMPLATES else None
    await context.runtime.db.users.set_summary_template(press.user.id, key)
    name = press.texts.call_kind(key) if key else press.texts.template_auto
    await press.query.answer()
    await press.query.edit_message_text(press.texts.template_set.format(template=name))


async def on_write_instructions(press: Press[WriteInstructions], context: BotContext) -> None:
    """Ask for the instructions (the next text message)."""
    context.runtime.awaited.expect(press.user.id, AwaitedInput("instructions", 0))
    await press.query.answer()
    if press.message is not None:
        await press.message.reply_text(press.texts.template_prompt)


async def on_clear_instructions(press: Press[ClearInstructions], context: BotContext) -> None:
    await context.runtime.db.users.set_summary_instructions(press.user.id, None)
    await press.query.answer()
    await press.query.edit_message_text(press.texts.instructions_cleared)
