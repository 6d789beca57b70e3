"""An answer as Telegram HTML: the model's text, or quotes labelled as quotes (and why)."""

from __future__ import annotations

from bot.qa.service import Reply
from bot.texts import Texts
from bot.views.html_messages import Line, pack


def answer_messages(reply: Reply, texts: Texts) -> list[str]:
    if not reply.found or not reply.answer.text.strip():
        return pack([Line(texts.nothing_relevant)])
    lines: list[Line] = []
    if reply.failure:
        lines += [Line(texts.answer_failed.format(reason=reply.failure), "i"), Line("")]
    elif not reply.answer.grounded_by_llm:
        lines += [Line(texts.quoted_label, "i"), Line("")]
    return pack(lines + [Line(text) for text in reply.answer.text.splitlines()])
