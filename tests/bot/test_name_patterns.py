"""Names heard without a model (Russian and English patterns), how suggestions are chosen, and how strictly a
model's answer is checked."""

from __future__ import annotations

import json

import pytest

from bot.shared.errors import NamesError
from bot.speakers.names.heard import Line, NameSuggestion, choose
from bot.speakers.names.model_names import parse_names
from bot.speakers.names.patterns import heard_in
from database import NamedBy, Speaker


def call(*turns: tuple[str, str]) -> list[Line]:
    return [Line(i * 5.0, label, text) for i, (label, text) in enumerate(turns)]


def speakers(lines: list[Line], **named: str) -> list[Speaker]:
    labels = dict.fromkeys(line.speaker for line in lines)
    return [
        Speaker(label, i, 10.0, named.get(label), NamedBy.USER if label in named else None)
        for i, label in enumerate(labels, start=1)
    ]


def suggested(lines: list[Line], **named: str) -> dict[str, str]:
    return {s.label: s.name for s in choose(heard_in(lines), speakers(lines, **named))}


def test_two_english_speakers_introduce_themselves() -> None:
    lines = call(
        ("A", "Hi everyone, I'm Maria from the sales team."),
        ("B", "Hello Maria, David here. Good to meet you."),
        ("A", "Let's look at the numbers first."),
    )
    assert choose(heard_in(lines), speakers(lines)) == [
        NameSuggestion("A", "Maria", 0.0),
        NameSuggestion("B", "David", 5.0),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "My name is Maria and I run the project.",
        "This is Maria speaking.",
        "Maria here, can you hear me?",
        "Good morning, it's Maria.",
        "Hello, I am Maria Lopez.",
    ],
)
def test_english_self_introductions(text: str) -> None:
    assert suggested(call(("A", text), ("B", "Okay, let's begin."))) == {"A": "Maria"}


@pytest.mark.parametrize(
    "text",
    [
        "Здравствуйте, меня зовут Мария.",
        "Привет, это Мария.",
        "Я Мария, отвечаю за продажи.",
        "Мария на связи, всех слышу.",
    ],
)
def test_russian_self_introductions(text: str) -> None:
    assert suggested(call(("A", text), ("B", "Хорошо, начнём."))) == {"A": "Мария"}


def test_direct_address_names_the_other_speaker() -> None:
    thanks = call(("A", "The report is ready, I sent it this morning."), ("B", "Thanks, David."))
    assert suggested(thanks) == {"A": "David"}  # thanked: the one who spoke before
    asked = call(("A", "David, could you share the numbers?"), ("B", "Sure, one moment."))
    assert suggested(asked) == {"B": "David"}  # asked: the one who answers
    trailing = call(("A", "What do you think, Maria?"), ("B", "I like it."))
    assert suggested(trailing) == {"B": "Maria"}
    russian = call(
        ("A", "Отчёт готов, отправил утром."),
        ("B", "Спасибо, Давид!"),
        ("A", "Пожалуйста."),
        ("B", "Мария, ты можешь показать цифры?"),
        ("C", "Да, сейчас."),
    )
    assert suggested(russian) == {"A": "Давид", "C": "Мария"}


def test_common_words_are_not_names() -> None:
    lines = call(
        ("A", "I'm sure we can finish. I'm Sorry, I am Not ready. I'm Going to check."),
        ("B", "So, could you send it? Okay, thanks. Well, you know. See you Monday!"),
        ("A", "Это всё. Это Не так. Я Думаю, да. Спасибо, Коллеги!"),
        ("B", "Thanks, Everyone. Hi, Team. This is Friday."),
    )
    assert heard_in(lines) == []


def test_a_self_introduction_mid_turn_counts_but_this_is_only_at_a_turn_start() -> None:
    lines = call(("A", "Let me show the chart."), ("A", "This is Revenue by month."), ("B", "Nice."))
    assert heard_in(lines) == []


def test_stronger_evidence_wins_and_one_name_never_goes_to_two_speakers() -> None:
    lines = call(("A", "Hi, I'm Maria."), ("B", "Funny, I'm Maria too."))  # as sure as A
    assert suggested(lines) == {}  # two speakers equally sure of one name: nobody gets it
    lines = call(
        ("A", "Hi, I'm Maria."),
        ("B", "Hi Anna, nice to meet you."),
        ("A", "Anna, can you start?"),
        ("B", "Sure, I'm Anna."),
    ) + call(("A", "Thanks, Anna."))
    assert suggested(lines) == {"A": "Maria", "B": "Anna"}  # "Hi Anna" said by B is outweighed


def test_names_already_given_are_not_suggested_again() -> None:
    lines = call(("A", "Hi, I'm Maria."), ("B", "Hello, I'm David."))
    assert suggested(lines, A="Maria Lopez") == {"B": "David"}  # A is named already
    assert suggested(lines, A="david") == {}  # "David" is already somebody's name; A is named


def test_one_speaker_hears_no_address() -> None:
    assert heard_in(call(("A", "Thanks, David. David, can you hear me?"))) == []


def answer(*items: dict[str, str]) -> str:
    return "Here you go: " + json.dumps({"names": list(items)}, ensure_ascii=False)


def test_a_models_names_are_checked_against_the_transcript() -> None:
    part = call(("A", "Hi, I'm Maria from sales."), ("B", "Hello Maria, David here."))
    labels = {"S1": "A", "S2": "B"}
    checked = parse_names(
        answer(
            {"speaker": "S1", "name": "Maria", "quote": "I'm  Maria"},  # spacing aside, quoted as said
            {"speaker": "S2", "name": "David", "quote": "David here"},
            {"speaker": "S3", "name": "Olga", "quote": "Hi, I'm Maria"},  # no such speaker
            {"speaker": "S2", "name": "Boris", "quote": "Boris here"},  # never said
            {"speaker": "S2", "name": "David", "quote": "Hello Maria"},  # the quote does not hold the name
            {"speaker": "S1", "name": "Ma[ria", "quote": "Ma[ria"},  # not a name a speaker may have
        ),
        part,
        labels,
    )
    assert [(h.label, h.name, h.at) for h in checked] == [("A", "Maria", 0.0), ("B", "David", 5.0)]
    assert parse_names('{"names": [42, "x", {"speaker": "S1"}]}', part, labels) == []
    for nonsense in ("I cannot help with that.", '{"names": "Maria"}', "{not json}"):
        with pytest.raises(NamesError):
            parse_names(nonsense, part, labels)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Good morning, sorry I'm late, this is Anna from the Berlin office.", "Anna"),
        ("Sorry, my line dropped, and I'm Tom, by the way.", "Tom"),
        ("Can everyone hear me? Priya here, I joined from the car.", "Priya"),
        ("Okay, let me start, this is Mark from Acme calling about the invoice.", "Mark"),
        ("Коллеги, добрый день, это Мария из бухгалтерии.", "Мария"),
    ],
)
def test_an_introduction_in_the_middle_of_a_turn_names_its_speaker(text: str, name: str) -> None:
    lines = call(("B", "Hello? Can you hear us?"), ("A", text), ("B", "Yes, welcome."))
    assert suggested(lines) == {"A": name}


def test_a_mid_turn_this_is_needs_what_makes_it_an_introduction() -> None:
    lines = call(("A", "Here is the chart, this is Revenue by month."), ("B", "Nice."), ("B", "And this is Berlin."))
    assert heard_in(lines) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Итак, передаю слово Давиду.", "Давид"),
        ("Вопрос к Игорю: когда релиз?", "Игорь"),
        ("Передаю слово Андрею.", "Андрей"),
        ("Вопрос к Марии, у неё цифры.", "Мария"),
        ("Слово Анне, она готовила отчёт.", "Анна"),
        ("Передаю слово Павлу.", "Павел"),
    ],
)
def test_a_name_in_the_dative_names_the_next_speaker_in_the_nominative(text: str, name: str) -> None:
    assert suggested(call(("A", text), ("B", "Спасибо. Начнём с бюджета."))) == {"B": name}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Вчера созвонились с Марией, всё обсудили.", "Мария"),
        ("Я говорю с Давидом?", "Давид"),
        ("Договорились с Натальей на пятницу.", "Наталья"),
        ("Работаем с Игорем третий год.", "Игорь"),
        ("Созвонились с Машей утром.", "Маша"),
        ("Говорю с Андреем?", "Андрей"),
        ("Общаюсь с Анной.", "Анна"),
    ],
)
def test_a_name_in_the_instrumental_names_the_other_speaker_in_the_nominative(text: str, name: str) -> None:
    assert suggested(call(("A", text), ("B", "Да, всё верно."))) == {"B": name}


def test_a_name_the_recognizer_was_unsure_of_is_not_offered() -> None:
    from bot.speakers.names.confidence import ADDRESS_FLOOR, SELF_FLOOR, sure_enough
    from database import Segment, Word

    def said(start: float, label: str, *words: tuple[str, float | None]) -> Segment:
        text = "".join(word for word, _ in words).strip()
        return Segment(start, start + 4.0, text, label, tuple(Word(w, None, None, label, p) for w, p in words))

    segments = [
        said(
            0.0,
            "A",
            (" Good", 0.98),
            (" morning,", 0.97),
            (" this", 0.99),
            (" is", 0.99),
            (" Anna", 0.91),
            (" from", 0.98),
            (" Berlin.", 0.95),
        ),
        said(
            5.0,
            "B",
            (" Tanks,", 0.21),
            (" I'll", 0.93),
            (" send", 0.97),
            (" you", 0.99),
            (" the", 0.99),
            (" file.", 0.96),
        ),  # "Thanks", as whisper mis-heard it and knew it was unsure
        said(10.0, "A", (" Thanks,", None), (" David.", None)),  # a service that does not rate words
        said(15.0, "C", (" And", 0.98), (" I'm", 0.93), (" Tom,", 0.23), (" by", 0.97), (" the", 1.0), (" way.", 1.0)),
    ]  # (Tom: 0.23, as tiny.en heard a correct "and I'm Tom")
    lines = [Line(s.start, s.speaker or "", s.text) for s in segments]
    heard = {(h.label, h.name) for h in heard_in(lines)}
    assert heard == {("A", "Anna"), ("A", "Tanks"), ("B", "David"), ("C", "Tom")}
    kept = sure_enough(heard_in(lines), segments)
    assert {(h.label, h.name) for h in kept} == {("A", "Anna"), ("B", "David"), ("C", "Tom")}
    assert SELF_FLOOR < 0.21 < ADDRESS_FLOOR  # "Tanks" as a self-introduction would have been kept
