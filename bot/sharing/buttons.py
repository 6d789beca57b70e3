"""Buttons of sharing. The owner's: Share (on a call's menu), the link's expiry, Revoke. The reader's: families
that name a link (``SharedCallButton``, not a ``CallButton``: the reader owns no call), checked by
``CallSharing.call_for_reader`` before they act."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.buttons.codec import Button, CallButton, Choices, button
from bot.buttons.inline import labelled
from bot.exports.formats import EXPORT_FORMATS
from bot.sharing.links import EXPIRY_CHOICES, post_link
from bot.texts import Texts


@button("shc")
@dataclass(frozen=True)
class ShareCall(CallButton):
    """Offer the expiries of a new link to the call."""

    manages = True


@button("shl")
@dataclass(frozen=True)
class MakeLink(CallButton):
    """Make a link to the call that works for ``expiry``."""

    manages = True

    expiry: Annotated[str, Choices(EXPIRY_CHOICES)]


@button("shx")
@dataclass(frozen=True)
class RevokeLink(Button):
    """Revoke one of the presser's links (checked to be theirs when pressed)."""

    share_id: int

    @classmethod
    def refusal(cls, texts: Texts) -> str:
        return texts.sharing.link_gone


@dataclass(frozen=True)
class SharedCallButton(Button):
    """A reader's button: it names the link they opened, never a call."""

    share_id: int

    @classmethod
    def refusal(cls, texts: Texts) -> str:
        return texts.sharing.no_access


@button("ssm")
@dataclass(frozen=True)
class SharedSummary(SharedCallButton):
    """Send the shared call's summary."""


@button("sst")
@dataclass(frozen=True)
class SharedFormats(SharedCallButton):
    """Offer the shared call's transcript formats."""


@button("sse")
@dataclass(frozen=True)
class SharedExport(SharedCallButton):
    """Send the shared call's transcript in one format."""

    fmt: Annotated[str, Choices(EXPORT_FORMATS)]


@button("ssp")
@dataclass(frozen=True)
class SharedPicture(SharedCallButton):
    """Send the shared call's talk-time picture."""


@button("ssq")
@dataclass(frozen=True)
class AskShared(SharedCallButton):
    """Take the reader's next text message as a question about the shared call."""


def share_row(call_id: int, texts: Texts) -> list[InlineKeyboardButton]:
    """The Share button of a call's menu."""
    return [labelled(texts.sharing.button_share, ShareCall(call_id))]


def expiry_keyboard(call_id: int, texts: Texts) -> InlineKeyboardMarkup:
    choices = [labelled(texts.sharing.expiry_label(c), MakeLink(call_id, c)) for c in EXPIRY_CHOICES]
    return InlineKeyboardMarkup([choices])


def link_keyboard(link: str, title: str, share_id: int, texts: Texts) -> InlineKeyboardMarkup:
    """Post the link to a chat (Telegram's own share page and chat picker), or revoke it."""
    post = InlineKeyboardButton(texts.sharing.button_post, url=post_link(link, title))
    return InlineKeyboardMarkup([[post], [labelled(texts.sharing.button_revoke, RevokeLink(share_id))]])


def links_keyboard(share_ids: Sequence[int], texts: Texts) -> InlineKeyboardMarkup:
    """One Revoke button per listed link, numbered as in the list, three to a row."""
    buttons = [labelled(texts.sharing.button_revoke_n.format(n=n), RevokeLink(s)) for n, s in enumerate(share_ids, 1)]
    return InlineKeyboardMarkup([buttons[i : i + 3] for i in range(0, len(buttons), 3)])


def reader_keyboard(share_id: int, texts: Texts) -> InlineKeyboardMarkup:
    """What a reader may do with a shared call: read it and ask about it (nothing that changes it)."""
    return InlineKeyboardMarkup(
        [
            [
                labelled(texts.button_summary, SharedSummary(share_id)),
                labelled(texts.button_transcript, SharedFormats(share_id)),
            ],
            [
                labelled(texts.button_picture, SharedPicture(share_id)),
                labelled(texts.sharing.button_ask, AskShared(share_id)),
            ],
        ]
    )


def reader_formats_keyboard(share_id: int) -> InlineKeyboardMarkup:
    buttons = [labelled(f".{fmt}", SharedExport(share_id, fmt)) for fmt in EXPORT_FORMATS]
    return InlineKeyboardMarkup([buttons[:3], buttons[3:]])
