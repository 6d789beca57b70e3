"""/people: the user's voice profiles with how many calls each was heard in; rename, merge, delete, and the
switch that turns voice recognition off (then no prints are asked for, stored or used)."""

from __future__ import annotations

from typing import TypeVar

from telegram import InlineKeyboardMarkup, Message, Update

from bot.buttons.press import Press
from bot.people.buttons import (
    DeletePerson,
    MergePerson,
    PersonButton,
    PersonStep,
    StartPersonStep,
    SwitchRecognition,
    delete_person_keyboard,
    merge_keyboard,
    people_keyboard,
)
from bot.shared.awaited_inputs import AwaitedInput
from bot.shared.context import BotContext
from bot.shared.sender import user_texts
from bot.speakers.names.valid_names import typed_name
from bot.texts import Texts
from database import Database
from database.voices import Person

P = TypeVar("P", bound=PersonButton)


async def people_view(db: Database, user_id: int, texts: Texts) -> tuple[str, InlineKeyboardMarkup]:
    people, enabled = await db.voices.people(user_id), await db.voices.enabled(user_id)
    v = texts.voices
    lines = [v.people_title, *(v.people_line.format(name=p.name, calls=p.calls) for p in people)]
    if not people:
        lines = [v.people_empty]
    lines += ["", v.recognition_on if enabled else v.recognition_off]
    return "\n".join(lines), people_keyboard(people, enabled, v)


async def on_people(update: Update, context: BotContext) -> None:
    """/people: the profiles and their buttons."""
    found, message = await user_texts(context.runtime.db, update), update.effective_message
    if found is None or message is None:
        return
    text, keyboard = await people_view(context.runtime.db, found[0].id, found[1])
    await message.reply_text(text, reply_markup=keyboard)


async def _person(press: Press[P], context: BotContext, person_id: int) -> Person | None:
    person = next((p for p in await context.runtime.db.voices.people(press.user.id) if p.id == person_id), None)
    if person is None:
        await press.query.answer(press.texts.voices.person_gone, show_alert=True)
    return person


async def on_people_button(press: Press[StartPersonStep], context: BotContext) -> None:
    """Rename (asks for the name), merge (asks whom into), delete (asks to confirm) one of the user's people."""
    person = await _person(press, context, press.button.person_id)
    if person is None or press.message is None:
        return
    await press.query.answer()
    v = press.texts.voices
    if press.button.step is PersonStep.RENAME:
        context.runtime.awaited.expect(press.user.id, AwaitedInput("person", person.id))
        await press.message.reply_text(v.rename_prompt.format(name=person.name))
    elif press.button.step is PersonStep.MERGE:
        others = [p for p in await context.runtime.db.voices.people(press.user.id) if p.id != person.id]
        keyboard = merge_keyboard(person, others)
        await press.message.reply_text(v.merge_choose.format(name=person.name), reply_markup=keyboard)
    else:
        keyboard = delete_person_keyboard(person, press.texts.button_confirm_delete, press.texts.button_keep)
        await press.message.reply_text(v.delete_confirm.format(name=person.name), reply_markup=keyboard)


async def on_person_merged(press: Press[MergePerson], context: BotContext) -> None:
    """Merge the person the button names into the one its argument names."""
    source = await _person(press, context, press.button.person_id)
    target = await _person(press, context, press.button.into_id) if source else None
    if source is None or target is None:
        return
    await context.runtime.db.voices.merge(press.user.id, source.id, target.id)
    await press.query.answer()
    await press.query.edit_message_text(press.texts.voices.merged.format(source=source.name, target=target.name))


async def on_person_deleted(press: Press[DeletePerson], context: BotContext) -> None:
    """Delete the person's profile: every voice print of them."""
    person = await _person(press, context, press.button.person_id)
    if person is None:
        return
    await context.runtime.db.voices.delete_person(press.user.id, person.id)
    await press.query.answer()
    await press.query.edit_message_text(press.texts.voices.deleted.format(name=person.name))


async def on_recognition_switch(press: Press[SwitchRecognition], context: BotContext) -> None:
    """Turn voice recognition off or on for the user; the /people message shows the new state."""
    await context.runtime.db.voices.set_enabled(press.user.id, press.button.on)
    await press.query.answer()
    text, keyboard = await people_view(context.runtime.db, press.user.id, press.texts)
    await press.query.edit_message_text(text, reply_markup=keyboard)


async def apply_person_name(
    context: BotContext, message: Message, user_id: int, awaited: AwaitedInput, texts: Texts
) -> None:
    """The awaited new name of a person (/people → ✏️)."""
    db, name = context.runtime.db, typed_name(message.text)
    if name is None:
        context.runtime.awaited.expect(user_id, awaited)
        await message.reply_text(texts.name_invalid)
        return
    person = next((p for p in await db.voices.people(user_id) if p.id == awaited.call_id), None)
    if person is None:
        await message.reply_text(texts.voices.person_gone)
    elif await db.voices.rename_person(user_id, person.id, name):
        await message.reply_text(texts.voices.renamed.format(old=person.name, new=name))
    else:
        await message.reply_text(texts.voices.name_taken.format(name=name))
