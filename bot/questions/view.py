"""An answer as Telegram HTML: the model's text, or quotes or the extractive summary, labelled as such (and why)."""

from __future__ import annotations

from bot.questions.service import Reply
from bot.shared.html_lines import Line, pack
from bot.texts import Texts


def _label(reply: Reply, texts: Texts) -> str | None:
    if reply.mode == "extractive":
        return texts.extractive_failed.format(reason=reply.failure) if reply.failure else texts.extractive_label
    if reply.failure:
        return texts.answer_failed.format(reason=reply.failure)
    return None if reply.answer.grounded_by_llm else texts.quoted_label


def answer_messages(reply: Reply, texts: Texts) -> list[str]:
    if not reply.found or not reply.answer.text.strip():
        return pack([Line(texts.nothing_relevant)])
    label = _label(reply, texts)
    lines = [Line(label, "i"), Line("")] if label else []
    return pack(lines + [Line(text) for text in reply.answer.text.splitlines()])
