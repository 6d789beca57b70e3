"""One handler for every inline menu button: parse the data, find the user's texts, run the action."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from telegram import Update

from bot.buttons.menus import MENU_PATTERN, Press
from bot.buttons.voice_buttons import VOICE_PATTERN
from bot.context import BotContext
from bot.handlers import (
    calls,
    deleting,
    exports,
    language,
    options,
    people,
    rediarizing,
    speakers,
    templates,
    voice_checks,
)
from bot.users.sender import user_texts

Action = Callable[[Press, BotContext], Awaitable[None]]
ACTIONS: dict[str, Action] = {
    "page": calls.on_page, "pick": calls.on_pick, "rn": calls.on_rename_call, "sum": calls.on_summary_button,
    "regen": calls.on_regenerate, "speakers": speakers.on_speakers_button, "spk": speakers.on_rename_speaker,
    "tr": exports.on_formats_button, "exp": exports.on_export, "pic": exports.on_picture_button,
    "del": deleting.on_delete_button, "delok": deleting.on_delete_confirmed,
    "delall": deleting.on_delete_all_button, "delallok": deleting.on_delete_all_confirmed,
    "keep": deleting.on_keep, "lang": language.on_language_button, "tpl": templates.on_template_button,
    "tplw": templates.on_write_instructions, "tplx": templates.on_clear_instructions,
    "nm": speakers.on_name_suggestion,
    "opt": options.on_option_button, "rediar": rediarizing.on_wrong_speakers, "rediarn": rediarizing.on_speaker_count,
}  # fmt: skip


VOICE_ACTIONS: dict[str, Action] = {
    "vy": voice_checks.on_voice_answer, "vn": voice_checks.on_voice_answer, "pr": people.on_people_button,
    "pm": people.on_people_button, "pd": people.on_people_button, "pmi": people.on_person_merged,
    "pdok": people.on_person_deleted, "vt": people.on_recognition_switch,
}  # fmt: skip


async def on_menu_button(update: Update, context: BotContext) -> None:
    """Dispatch a menu button; every action that names a call checks it belongs to the presser."""
    await _dispatch(update, context, MENU_PATTERN, ACTIONS)


async def on_voice_button(update: Update, context: BotContext) -> None:
    """Dispatch a button of voice recognition (bot.buttons.voice_buttons); ids are the presser's only."""
    await _dispatch(update, context, VOICE_PATTERN, VOICE_ACTIONS)


async def _dispatch(update: Update, context: BotContext, pattern: re.Pattern[str], actions: dict[str, Action]) -> None:
    query = update.callback_query
    match = pattern.match(query.data or "") if query else None
    found = await user_texts(context.runtime.db, update)
    if query is None or match is None or found is None:
        return
    action, number, argument = match.group(1), int(match.group(2)), match.group(3)  # the pattern's ASCII digits
    await actions[action](Press(query, found[0], found[1], action, number, argument), context)


async def on_unknown_button(update: Update, context: BotContext) -> None:
    """Callback data no button of this bot carries (forged, or from a much older version): the usual refusal."""
    query = update.callback_query
    found = await user_texts(context.runtime.db, update)
    if query is not None and found is not None:
        await query.answer(found[1].not_your_call, show_alert=True)
