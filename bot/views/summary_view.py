"""Summary → Telegram HTML messages (the CLI prints the same messages)."""

from __future__ import annotations

from bot.summaries.summary import Summary
from bot.texts import Texts
from bot.views.html_messages import Line, pack
from bot.views.timecodes import elapsed


def _section(title: str, items: list[str], texts: Texts) -> list[Line]:
    body = [Line(f"• {item}") for item in items] or [Line(f"— {texts.nothing_found}")]
    return [Line(""), Line(title, "b"), *body]


def _action(item_task: str, owner: str | None, due: str | None, texts: Texts) -> str:
    extras = [f"{texts.owner}: {owner}" if owner else "", f"{texts.due}: {due}" if due else ""]
    extra = "; ".join(part for part in extras if part)
    return f"{item_task} ({extra})" if extra else item_task


def summary_lines(summary: Summary, texts: Texts, title: str | None = None) -> list[Line]:
    if summary.kind == "extractive":
        lines = [Line(texts.summary_extractive_title, "b")]
        lines += _section(texts.key_sentences, summary.key_points, texts)
        talk = [f"{t.speaker}: {elapsed(t.seconds)} ({round(t.share * 100)}%)" for t in summary.talk_time]
        lines += _section(texts.talk_time, talk, texts)
        return lines
    lines = [Line(title or texts.summary_llm_title, "b")]
    if summary.overview:
        lines += [Line(""), Line(texts.overview, "b"), *(Line(p) for p in summary.overview.splitlines() if p)]
    lines += _section(texts.key_points, summary.key_points, texts)
    lines += _section(texts.decisions, summary.decisions, texts)
    actions = [_action(a.task, a.owner, a.due, texts) for a in summary.action_items]
    lines += _section(texts.action_items, actions, texts)
    lines += _section(texts.open_questions, summary.open_questions, texts)
    return lines


def render_summary(summary: Summary, texts: Texts, title: str | None = None) -> list[str]:
    """The summary as one or more HTML messages of at most 4096 characters."""
    return pack(summary_lines(summary, texts, title))
