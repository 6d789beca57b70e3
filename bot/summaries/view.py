"""Summary → Telegram HTML messages (the CLI prints the same messages)."""

from __future__ import annotations

from bot.shared.html_lines import Line, pack
from bot.shared.timecodes import elapsed
from bot.summaries.citations import STAMP
from bot.summaries.summary import ActionItem, Summary
from bot.texts import Texts


def _section(title: str, items: list[str], texts: Texts) -> list[Line]:
    body = [Line(f"• {item}") for item in items] or [Line(f"— {texts.nothing_found}")]
    return [Line(""), Line(title, "b"), *body]


def _action(item: ActionItem, texts: Texts) -> str:
    """``task (owner: …; due: …) [mm:ss]``: the citation stays at the end of the line."""
    stamps = " ".join(m.group(0) for m in STAMP.finditer(item.task))
    task = " ".join(STAMP.sub(" ", item.task).split())
    extras = [f"{texts.owner}: {item.owner}" if item.owner else "", f"{texts.due}: {item.due}" if item.due else ""]
    extra = "; ".join(part for part in extras if part)
    return " ".join(part for part in (task, f"({extra})" if extra else "", stamps) if part)


def _kind(summary: Summary, texts: Texts) -> list[Line]:
    if not summary.call_kind:
        return []
    how = texts.kind_chosen if summary.call_kind_chosen else texts.kind_detected
    return [Line(texts.summary_kind.format(kind=texts.call_kind(summary.call_kind), how=how), "i")]


def summary_lines(summary: Summary, texts: Texts, title: str | None = None) -> list[Line]:
    if summary.made_by == "extractive":
        lines = [Line(texts.summary_extractive_title, "b"), *_kind(summary, texts)]
        lines += _section(texts.key_sentences, summary.key_points, texts)
        talk = [f"{t.speaker}: {elapsed(t.seconds)} ({round(t.share * 100)}%)" for t in summary.talk_time]
        lines += _section(texts.talk_time, talk, texts)
        return lines
    lines = [Line(title or texts.summary_llm_title, "b"), *_kind(summary, texts)]
    if summary.overview:
        lines += [Line(""), Line(texts.overview, "b"), *(Line(p) for p in summary.overview.splitlines() if p)]
    for section in summary.sections:  # the template's own sections come first: they are why it was chosen
        lines += _section(texts.section_title(section.key), section.items, texts)
    lines += _section(texts.key_points, summary.key_points, texts)
    lines += _section(texts.decisions, summary.decisions, texts)
    lines += _section(texts.action_items, [_action(a, texts) for a in summary.action_items], texts)
    lines += _section(texts.open_questions, summary.open_questions, texts)
    return lines


def render_summary(summary: Summary, texts: Texts, title: str | None = None) -> list[str]:
    """The summary as one or more HTML messages of at most 4096 characters."""
    return pack(summary_lines(summary, texts, title))
