"""Answers and search results as Telegram HTML: the model's text, or quotes or the extractive summary, labelled as
such (and why); the passages /search found."""

from __future__ import annotations

from collections.abc import Sequence

from bot.questions.service import Reply
from bot.shared.html_lines import Line, pack
from bot.shared.speaker_names import speaker_name
from bot.shared.timecodes import mmss
from bot.texts import Texts
from database import SearchHit


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


def search_lines(hits: Sequence[SearchHit], texts: Texts) -> list[Line]:
    lines = [Line(texts.search_title, "b")]
    for hit in hits:
        who = speaker_name(hit.speaker, texts.speaker) if hit.speaker else hit.label or ""
        lines += [Line(""), Line(hit.call_title, "b"), Line(f"[{mmss(hit.start)} · {who}] {hit.text}")]
    return lines
