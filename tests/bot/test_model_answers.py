"""A language model's answer can be steered by what was said in the call, so its JSON is read as hostile input:
nesting past the parser's recursion limit and numbers too long for a float are "no usable answer", never a crash."""

from __future__ import annotations

import pytest

from bot.analytics.model_insights import parse_chapters
from bot.llm.speaker_lines import SpokenLine
from bot.shared.errors import InsightsError, NamesError
from bot.speakers.names.heard import Line
from bot.speakers.names.model_names import parse_names
from bot.summaries.summary import parse_llm_summary

NESTED = '{"names": ' + "[" * 5000 + "]" * 5000 + "}"  # ~2,500 tokens: within what a model may write


def test_a_summary_nested_past_the_parsers_limit_becomes_prose() -> None:
    answer = NESTED.replace("names", "overview")
    summary = parse_llm_summary(answer, "en")
    assert (summary.made_by, summary.overview, summary.decisions) == ("llm", answer, [])


def test_names_nested_past_the_parsers_limit_are_no_names() -> None:
    part = [Line(0.0, "A", "Hi, I'm Maria.")]
    with pytest.raises(NamesError):
        parse_names(NESTED, part, {"S1": "A"})
    with pytest.raises(NamesError):
        parse_names('{"names": [' + "9" * 5000 + "]}", part, {"S1": "A"})  # past int()'s 4300 digits


def test_chapters_survive_nesting_and_a_400_digit_sentiment() -> None:
    part = [SpokenLine(0.0, "A", "We start with the budget."), SpokenLine(30.0, "B", "Now the hiring plan.")]
    with pytest.raises(InsightsError):
        parse_chapters(NESTED.replace("names", "chapters"), part, {"S1": "A", "S2": "B"})
    answer = (
        '{"chapters": [{"start": "00:00", "title": "Budget", "sentiment": {"S1": '
        + "9" * 400
        + ', "S2": -'
        + "9" * 400
        + '}}, {"start": "00:30", "title": "Hiring", "sentiment": {"S1": 0.25}}]}'
    )
    chapters = parse_chapters(answer, part, {"S1": "A", "S2": "B"})
    assert [(c.start, c.title, c.sentiment) for c in chapters] == [
        (0.0, "Budget", {"A": 1.0, "B": -1.0}),
        (30.0, "Hiring", {"A": 0.25}),
    ]
