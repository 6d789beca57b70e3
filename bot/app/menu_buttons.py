"""One handler for every inline button: decode its data, check the call it names is the presser's, run the handler
of its family. ``ROUTES`` lists each family once with its handler."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from telegram import Update

from bot.app.legacy_buttons import upgraded
from bot.buttons.codec import Button, ButtonRefused, CallButton, decode
from bot.buttons.ownership import Actor, Refusal, call_for_presser
from bot.buttons.ownership import refusal as ownership_refusal
from bot.buttons.press import CallPress, Press
from bot.calls import handlers as calls
from bot.calls.buttons import CallsPage, PickCall, RenameCall
from bot.deletion import handlers as deleting
from bot.deletion.buttons import DeleteAll, DeleteAllConfirmed, DeleteCall, DeleteCallConfirmed, Keep
from bot.exports import handlers as exports
from bot.exports.buttons import ChooseFormat, ExportTranscript, ShowPicture
from bot.groups.buttons import ChangeGroup
from bot.groups.settings import on_change_group
from bot.options import buttons as option_menus
from bot.options import handlers as options
from bot.options import language, templates
from bot.options.buttons import ChooseLanguage, ChooseTemplate, ClearInstructions, WriteInstructions
from bot.people import handlers as people
from bot.people.buttons import DeletePerson, MergePerson, StartPersonStep, SwitchRecognition
from bot.pipeline import buttons as status_buttons
from bot.pipeline import rediarize_handlers as rediarizing
from bot.pipeline import status_handlers as call_buttons
from bot.shared.context import BotContext
from bot.shared.sender import group_chat, user_texts
from bot.sharing import owner_handlers as sharing
from bot.sharing import reader_handlers as shared
from bot.sharing.buttons import (
    AskShared,
    MakeLink,
    RevokeLink,
    ShareCall,
    SharedExport,
    SharedFormats,
    SharedPicture,
    SharedSummary,
)
from bot.speakers import handlers as speakers
from bot.speakers import voice_buttons
from bot.speakers import voice_check_handlers as voice_checks
from bot.speakers.buttons import AskSpeakerCount, FindSpeakers, RenameSpeaker, ShowSpeakers
from bot.speakers.name_buttons import ApplyHeardName
from bot.summaries.buttons import RegenerateSummary, ShowSummary
from bot.texts import Texts
from database import Call

B = TypeVar("B", bound=Button)
C = TypeVar("C", bound=CallButton)


@dataclass(frozen=True, slots=True)
class Route:
    """A button family and the handler of its presses."""

    family: type[Button]
    handler: Callable[[Any, BotContext], Awaitable[None]]


def on_call(family: type[C], handler: Callable[[CallPress[C], BotContext], Awaitable[None]]) -> Route:
    """A family that names a call: its handler gets the call, checked to be the presser's."""
    return Route(family, handler)


def on_press(family: type[B], handler: Callable[[Press[B], BotContext], Awaitable[None]]) -> Route:
    """A family that names no call."""
    if issubclass(family, CallButton):
        raise TypeError(f"{family.__name__} names a call: route it with on_call")
    return Route(family, handler)


def routes(*listed: Route) -> dict[type[Button], Route]:
    table = {route.family: route for route in listed}
    if len(table) != len(listed):
        raise ValueError("a button family is routed twice")
    return table


ROUTES = routes(
    on_call(status_buttons.CancelCall, call_buttons.on_cancel),
    on_call(status_buttons.RetryCall, call_buttons.on_retry),
    on_press(CallsPage, calls.on_page),
    on_call(PickCall, calls.on_pick),
    on_call(RenameCall, calls.on_rename_call),
    on_call(ShowSummary, calls.on_summary_button),
    on_call(RegenerateSummary, calls.on_regenerate),
    on_call(ShowSpeakers, speakers.on_speakers_button),
    on_call(RenameSpeaker, speakers.on_rename_speaker),
    on_call(ApplyHeardName, speakers.on_name_suggestion),
    on_call(ChooseFormat, exports.on_formats_button),
    on_call(ExportTranscript, exports.on_export),
    on_call(ShowPicture, exports.on_picture_button),
    on_call(DeleteCall, deleting.on_delete_button),
    on_call(DeleteCallConfirmed, deleting.on_delete_confirmed),
    on_press(DeleteAll, deleting.on_delete_all_button),
    on_press(DeleteAllConfirmed, deleting.on_delete_all_confirmed),
    on_press(Keep, deleting.on_keep),
    on_press(ChooseLanguage, language.on_language_button),
    on_press(ChooseTemplate, templates.on_template_button),
    on_press(WriteInstructions, templates.on_write_instructions),
    on_press(ClearInstructions, templates.on_clear_instructions),
    on_press(option_menus.ChooseOption, options.on_option_button),
    on_call(AskSpeakerCount, rediarizing.on_wrong_speakers),
    on_call(FindSpeakers, rediarizing.on_speaker_count),
    on_call(voice_buttons.AnswerVoice, voice_checks.on_voice_answer),
    on_press(StartPersonStep, people.on_people_button),
    on_press(MergePerson, people.on_person_merged),
    on_press(DeletePerson, people.on_person_deleted),
    on_press(SwitchRecognition, people.on_recognition_switch),
    on_call(ShareCall, sharing.on_share_button),
    on_call(MakeLink, sharing.on_make_link),
    on_press(RevokeLink, sharing.on_revoke),
    on_press(SharedSummary, shared.on_summary),  # a reader's: checked by CallSharing.call_for_reader
    on_press(SharedFormats, shared.on_formats),
    on_press(SharedExport, shared.on_export),
    on_press(SharedPicture, shared.on_picture),
    on_press(AskShared, shared.on_ask),
    on_press(ChangeGroup, on_change_group),
)


def refusal(refused: ButtonRefused, texts: Texts) -> str:
    """The alert for data that is refused: an outdated button says so; forged data gets its family's usual answer."""
    if refused.outdated:
        return texts.button_outdated
    return refused.family.refusal(texts) if refused.family is not None else texts.not_your_call


async def on_button(update: Update, context: BotContext) -> None:
    """Any button: refused unless its data decodes, a button naming a call names one of the presser's (in a group:
    the group's), and in a group the presser is a member who may do what it does (``bot.buttons.ownership``)."""
    query = update.callback_query
    found = await user_texts(context.runtime.db, update)
    if query is None or found is None:
        return
    user, texts = found
    try:
        pressed = decode(upgraded(query.data or ""))
    except ButtonRefused as refused:
        await query.answer(refusal(refused, texts), show_alert=True)
        return
    route = ROUTES.get(type(pressed))
    if route is None:
        await query.answer(texts.not_your_call, show_alert=True)
        return
    call = (
        await call_for_presser(context.runtime.db, user, pressed.call_id) if isinstance(pressed, CallButton) else None
    )
    if isinstance(pressed, CallButton) and call is None:
        await query.answer(texts.not_your_call, show_alert=True)
        return
    if answer := await group_refusal(update, context, pressed, call, texts):
        await query.answer(answer, show_alert=True)
        return
    if call is None:
        await route.handler(Press(query, user, texts, pressed), context)
    else:
        await route.handler(CallPress(query, user, texts, pressed, call), context)


async def group_refusal(update: Update, context: BotContext, pressed: Button, call: Call | None, texts: Texts) -> str:
    """Why the presser may not use this button in this group ("" when they may, and always in a private chat)."""
    chat, person = group_chat(update), update.effective_user
    if chat is None or person is None:
        return ""
    svc = context.runtime
    refused = await ownership_refusal(svc.db, svc.members, Actor(person.id, chat.id), type(pressed).manages, call)
    if refused is None:
        return ""
    if refused is Refusal.NOT_MEMBER:
        return texts.groups.not_member
    return texts.groups.not_manager if call is not None else texts.groups.not_manager_command
