"""Call analytics against calls whose turns are known exactly: talk time, talk/listen, monologues, pace,
questions and interruptions from word times; offline chapters and lexicon sentiment."""

from __future__ import annotations

import pytest

from bot.analytics.chapters import offline_chapters
from bot.analytics.insights import offline_insights
from bot.analytics.sentiment import polarity, sentiment_series
from bot.analytics.talk import talk_stats
from database import Segment, Word

# (speaker, start, end, text): the words of each turn are spread evenly over it
TURNS = [
    ("A", 0.0, 10.0, "We ship the release on Friday and the budget is fine for the whole quarter now"),
    ("B", 11.0, 14.0, "Who tests the payment system?"),  # after a 1 s pause
    ("A", 14.1, 17.0, "David does it this week"),  # 0.1 s after B's last word: cuts in
    ("B", 16.5, 20.0, "Fine. Can we meet on Tuesday?"),  # before A's last word ends: cuts in
    ("A", 22.0, 25.0, "Yes we can meet then"),  # after a 2 s pause
]


def words_of(speaker: str, start: float, end: float, text: str) -> list[Word]:
    tokens = text.split()
    step = (end - start) / len(tokens)
    return [Word(f" {t}", start + i * step, start + (i + 1) * step, speaker) for i, t in enumerate(tokens)]


def call_segments() -> list[Segment]:
    """One ASR segment per turn, except that B's question and A's quick answer share one segment (the words
    carry their speakers), and the last turn has no word times (the segment counts as a whole)."""
    turns = [words_of(*turn) for turn in TURNS]
    shared = turns[1] + turns[2]
    return [
        Segment(0.0, 10.0, TURNS[0][3], "A", tuple(turns[0])),
        Segment(11.0, 17.0, TURNS[1][3] + " " + TURNS[2][3], "B", tuple(shared)),
        Segment(16.5, 20.0, TURNS[3][3], "B", tuple(turns[3])),
        Segment(22.0, 25.0, TURNS[4][3], "A", ()),
    ]


def test_talk_numbers_of_a_call_with_known_turns() -> None:
    stats = talk_stats(call_segments(), duration=26.0)
    a, b = stats.of("A"), stats.of("B")
    assert a is not None and b is not None
    assert [(t.speaker, t.start, t.end) for t in stats.turns] == [(s, start, end) for s, start, end, _ in TURNS]
    assert a.talk_s == pytest.approx(10.0 + 2.9 + 3.0) and b.talk_s == pytest.approx(3.0 + 3.5)
    assert a.share == pytest.approx(15.9 / 22.4) and b.share == pytest.approx(6.5 / 22.4)
    assert a.talk_listen == pytest.approx(15.9 / 6.5) and b.talk_listen == pytest.approx(6.5 / 15.9)
    assert (a.longest_monologue_s, a.longest_monologue_at) == (pytest.approx(10.0), 0.0)
    assert (b.longest_monologue_s, b.longest_monologue_at) == (pytest.approx(3.5), 16.5)
    assert (a.words, b.words) == (16 + 5 + 5, 5 + 6)
    assert a.words_per_minute == pytest.approx(26 / (15.9 / 60))
    assert b.words_per_minute == pytest.approx(11 / (6.5 / 60))
    assert (a.questions, b.questions) == (0, 2)
    assert (a.interruptions, a.interrupted) == (1, 1)  # A cut in 0.1 s after B; B cut into A's last word
    assert (b.interruptions, b.interrupted) == (1, 1)
    assert (a.turns, b.turns) == (3, 2) and stats.duration == 26.0
    assert [s.label for s in stats.speakers] == ["A", "B"]  # most talk first


def test_a_pause_or_a_normal_gap_is_no_interruption_and_one_speaker_has_no_ratio() -> None:
    alone = talk_stats([Segment(0.0, 5.0, "Just me talking here.", "A")])
    assert alone.speakers[0].talk_listen is None and alone.speakers[0].interruptions == 0
    polite = talk_stats([Segment(0.0, 2.0, "Hello there.", "A"), Segment(2.3, 4.0, "Hi.", "B")])
    assert [(s.interruptions, s.interrupted) for s in polite.speakers] == [(0, 0), (0, 0)]


BUDGET = "The budget numbers and the finance costs for spending on marketing budget numbers."
RELEASE = "The mobile release needs deployment testing before the version goes to mobile stores."


def test_offline_chapters_cut_at_the_pause_where_the_words_change() -> None:
    segments = [Segment(i * 12.0, i * 12.0 + 10.0, BUDGET, "A") for i in range(20)]
    segments += [Segment(260.0 + i * 12.0, 270.0 + i * 12.0, RELEASE, "B") for i in range(20)]
    chapters = offline_chapters(segments, duration=500.0)
    assert [(c.start, c.end) for c in chapters] == [(0.0, 260.0), (260.0, 500.0)]
    assert {"budget", "finance"} & set(chapters[0].keywords) and {"mobile", "release"} & set(chapters[1].keywords)
    assert offline_chapters([Segment(0.0, 20.0, BUDGET, "A")], 20.0)[0].end == 20.0  # a short call: one chapter
    assert offline_chapters([], 10.0) == []


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("This is great, thanks a lot!", (2, 0)),
        ("This is not good at all.", (0, 1)),
        ("No problem, it works.", (2, 0)),
        ("We have a serious problem with the late delivery.", (0, 2)),
        ("Отлично, спасибо, всё работает.", (3, 0)),
        ("Это не хорошо, проблемы с релизом.", (0, 2)),
        ("Не проблема.", (1, 0)),
        ("The meeting is on Tuesday.", (0, 0)),
    ],
)
def test_lexicon_polarity_in_english_and_russian(text: str, counts: tuple[int, int]) -> None:
    assert polarity(text) == counts


def test_sentiment_over_time_per_speaker_and_window() -> None:
    segments = [
        Segment(0.0, 50.0, "Great news, thanks, I am happy with the progress.", "A"),
        Segment(50.0, 100.0, "This is a problem, the delay worries me.", "B"),
        Segment(130.0, 170.0, "Unfortunately the tests failed again.", "A"),
        Segment(200.0, 230.0, "The report is on the table.", "B"),
    ]
    points = {(p.speaker, p.start): p.score for p in sentiment_series(segments, 240.0)}
    # great, thanks, happy, progress: 4/5; problem, delay, worries: −3/4; unfortunately, failed: −2/3; nothing: 0
    assert points == {
        ("A", 0.0): 0.8,
        ("B", 60.0): -0.75,
        ("A", 120.0): pytest.approx(-2 / 3, abs=1e-3),
        ("B", 180.0): 0.0,
    }
    labelled = offline_insights(segments, 240.0)
    assert labelled.method == "offline" and labelled.model is None and labelled.chapters
