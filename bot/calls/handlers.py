"""/calls (a paged list; pick the active call, rename it) and /summary (resend, regenerate)."""

from __future__ import annotations

import math

from telegram import InlineKeyboardMarkup, Message, Update

from bot.buttons.open_call import with_open_call
from bot.buttons.press import CallPress, Press
from bot.calls.buttons import PAGE_SIZE, CallsPage, PickCall, RenameCall, call_keyboard, calls_keyboard
from bot.calls.view import call_date, call_duration, call_line
from bot.shared.awaited_inputs import AwaitedInput
from bot.shared.call_scope import show_active_call, show_pressed_call
from bot.shared.call_titles import call_title
from bot.shared.context import BotContext
from bot.shared.sender import active_call, user_texts
from bot.summaries.buttons import RegenerateSummary, ShowSummary, regenerate_keyboard
from bot.summaries.summary import Summary
from bot.texts import Texts
from database import Call, User

TITLE_CHARS = 80


async def calls_page(
    context: BotContext, user: User, texts: Texts, page: int
) -> tuple[str, InlineKeyboardMarkup] | None:
    """Text and keyboard of one page of the user's calls; ``None`` when there are none."""
    db = context.runtime.db
    calls, total = await db.calls.page(user.id, page * PAGE_SIZE, PAGE_SIZE)
    if total == 0:
        return None
    pages = math.ceil(total / PAGE_SIZE)
    active = await active_call(db, user)
    lines = [texts.calls_title.format(total=total, page=page + 1, pages=pages)]
    lines += [call_line(c, active is not None and c.id == active.id) for c in calls]
    return "\n".join(lines), calls_keyboard(calls, page, pages)


async def on_calls(update: Update, context: BotContext) -> None:
    """/calls: the newest calls with date, duration and title; a button picks one."""
    found, message = await user_texts(context.runtime.db, update), update.effective_message
    if found is None or message is None:
        return
    user, texts = found
    shown = await calls_page(context, user, texts, 0)
    if shown is None:
        await message.reply_text(texts.calls_empty)
        return
    await message.reply_text(shown[0], reply_markup=shown[1])


async def on_page(press: Press[CallsPage], context: BotContext) -> None:
    """Turn the page of the /calls list."""
    shown = await calls_page(context, press.user, press.texts, press.button.page)
    await press.query.answer()
    if shown is not None:
        await press.query.edit_message_text(shown[0], reply_markup=shown[1])


async def on_pick(press: CallPress[PickCall], context: BotContext) -> None:
    """Make the call active and show what can be done with it."""
    call = press.call
    if press.message is None:
        return
    await context.runtime.db.users.set_active_call(press.user.id, call.id)
    title = call_title(call)
    await press.query.answer(press.texts.call_picked.format(title=title))
    text = press.texts.call_actions.format(title=title, date=call_date(call), duration=call_duration(call))
    keyboard = with_open_call(call_keyboard(call.id, press.texts), context.runtime.opener, call, press.texts)
    await press.message.reply_text(text, reply_markup=keyboard)


async def on_rename_call(press: CallPress[RenameCall], context: BotContext) -> None:
    """Ask for the call's new title (the next text message)."""
    call = press.call
    if press.message is None:
        return
    context.runtime.awaited.expect(press.user.id, AwaitedInput("title", call.id))
    await press.query.answer()
    await press.message.reply_text(press.texts.rename_call_prompt.format(title=call_title(call)))


async def apply_title(context: BotContext, message: Message, user_id: int, awaited: AwaitedInput, texts: Texts) -> None:
    """Store the title the user sent for the call."""
    title = " ".join((message.text or "").split())
    call = await context.runtime.db.calls.get(user_id, awaited.call_id)
    if call is None:
        await message.reply_text(texts.not_your_call)
    elif not title or len(title) > TITLE_CHARS:
        context.runtime.awaited.expect(user_id, awaited)
        await message.reply_text(texts.name_invalid)
    else:
        await context.runtime.db.calls.update(user_id, call.id, title=title)
        await message.reply_text(texts.call_renamed.format(title=title))


async def send_summary(context: BotContext, message: Message, call: Call, texts: Texts) -> None:
    stored = await context.runtime.db.summaries.get(call.user_id, call.id)
    if stored is None:
        await message.reply_text(texts.summary_none, reply_markup=regenerate_keyboard(call.id, texts))
        return
    summary = Summary.model_validate_json(stored.content)
    await context.runtime.summaries.send(call, summary, texts, titled=True)


async def on_summary(update: Update, context: BotContext) -> None:
    """/summary: resend the active call's summary, with a button to regenerate it."""
    await show_active_call(update, context, send_summary)


async def on_summary_button(press: CallPress[ShowSummary], context: BotContext) -> None:
    """Resend the summary of the call the button names."""
    await show_pressed_call(press, context, send_summary)


async def on_regenerate(press: CallPress[RegenerateSummary], context: BotContext) -> None:
    """Summarize the call again with the current speaker names; it is delivered like the first one."""
    started = await context.runtime.calls.regenerate_summary(press.call)
    await press.query.answer(press.texts.regenerate_started if started else press.texts.busy)
