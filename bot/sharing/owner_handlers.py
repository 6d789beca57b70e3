"""The owner's side of sharing: /share (or 🔗 Share on a call) → an expiry → a link; /shared lists the links,
with who opened them, and revokes them."""

from __future__ import annotations

import time

from telegram import InlineKeyboardMarkup, Update

from bot.buttons.press import CallPress, Press
from bot.shared.call_scope import command_call
from bot.shared.call_titles import call_title
from bot.shared.context import BotContext
from bot.shared.sender import user_texts
from bot.sharing.buttons import MakeLink, RevokeLink, ShareCall, expiry_keyboard, link_keyboard, links_keyboard
from bot.sharing.links import share_link
from bot.sharing.service import ListedLink
from bot.texts import Texts

LISTED_TITLE_CHARS = 60


def _date(at: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(at))


def _until(expires_at: float | None, texts: Texts) -> str:
    return texts.sharing.until_never if expires_at is None else texts.sharing.until_date.format(date=_date(expires_at))


async def on_share(update: Update, context: BotContext) -> None:
    """/share: offer the expiries of a link to the active call."""
    if target := await command_call(update, context):
        message, call, texts = target
        text = texts.sharing.choose_expiry.format(title=call_title(call))
        await message.reply_text(text, reply_markup=expiry_keyboard(call.id, texts))


async def on_share_button(press: CallPress[ShareCall], context: BotContext) -> None:
    """🔗 Share under a call: offer the expiries of a link to it."""
    if press.message is not None:
        await press.query.answer()
        text = press.texts.sharing.choose_expiry.format(title=call_title(press.call))
        await press.message.reply_text(text, reply_markup=expiry_keyboard(press.call.id, press.texts))


async def on_make_link(press: CallPress[MakeLink], context: BotContext) -> None:
    """Make the link and show it once, with a button that posts it to a chat and one that revokes it."""
    made = await context.runtime.sharing.make_link(press.user.id, press.call, press.button.expiry)
    if made is None:
        await press.query.answer(press.texts.not_your_call, show_alert=True)
        return
    await press.query.answer()
    title, link = call_title(press.call), share_link(context.bot.username, made.token)
    text = press.texts.sharing.link_made.format(
        title=title, link=link, until=_until(made.share.expires_at, press.texts)
    )
    await press.query.edit_message_text(text, reply_markup=link_keyboard(link, title, made.share.id, press.texts))


def listing(links: list[ListedLink], total: int, now: float, texts: Texts) -> tuple[str, InlineKeyboardMarkup]:
    """The text and Revoke buttons of the owner's links."""
    lines = [texts.sharing.shared_title.format(shown=len(links), total=total)]
    for n, listed in enumerate(links, start=1):
        share, title = listed.share, call_title(listed.call)[:LISTED_TITLE_CHARS]
        expired = share.expires_at is not None and share.expires_at <= now
        until = texts.sharing.shared_expired.format(date=_date(share.expires_at or now)) if expired else None
        lines.append(
            texts.sharing.shared_line.format(
                n=n,
                title=title,
                created=_date(share.created_at),
                until=until or _until(share.expires_at, texts),
                opened=share.opened,
            )
        )
    return "\n".join(lines), links_keyboard([listed.share.id for listed in links], texts)


async def on_shared(update: Update, context: BotContext) -> None:
    """/shared: the user's links — call, made, expiry, how many opened each — with a Revoke button each."""
    found, message = await user_texts(context.runtime.db, update), update.effective_message
    if found is None or message is None:
        return
    user, texts = found
    sharing = context.runtime.sharing
    links, total = await sharing.links_of(user.id)
    if not links:
        await message.reply_text(texts.sharing.shared_empty)
        return
    text, keyboard = listing(links, total, sharing.now(), texts)
    await message.reply_text(text, reply_markup=keyboard)


async def on_revoke(press: Press[RevokeLink], context: BotContext) -> None:
    """Revoke the link (the presser's only): it stops at once for everyone; the message shows the links left."""
    sharing, texts = context.runtime.sharing, press.texts
    call = await sharing.revoke(press.user.id, press.button.share_id)
    if call is None:
        await press.query.answer(texts.sharing.link_gone, show_alert=True)
        return
    await press.query.answer()
    done = texts.sharing.revoked.format(title=call_title(call))
    links, total = await sharing.links_of(press.user.id)
    if not links:
        await press.query.edit_message_text(done)
        return
    text, keyboard = listing(links, total, sharing.now(), texts)
    await press.query.edit_message_text(f"{done}\n\n{text}", reply_markup=keyboard)
