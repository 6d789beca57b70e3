"""Retrieval quality on a generated one-hour call in Russian and English with known answer-bearing segments."""

from __future__ import annotations

import itertools
import random

from bot.retrieval.passages import build_passages
from bot.retrieval.retriever import CallIndex
from bot.shared.speaker_names import SpeakerNames
from database.models import Segment
from database.search_terms import stemmed_text, tokens

TOPICS_EN = [
    "budget",
    "migration",
    "vendor",
    "release",
    "hiring",
    "contract",
    "design",
    "testing",
    "customers",
    "roadmap",
    "onboarding",
    "pricing",
    "security",
    "support",
    "marketing",
    "deadline",
]
TOPICS_RU = [
    "бюджет",
    "миграция",
    "поставщик",
    "релиз",
    "найм",
    "договор",
    "дизайн",
    "тестирование",
    "клиенты",
    "маркетинг",
    "сроки",
    "безопасность",
    "поддержка",
    "цены",
]
FILLER_EN = [
    "I think we should look at the {t} again next week.",
    "Does anyone have updates on the {t}?",
    "We talked about the {t} last time and nothing changed.",
    "Let's keep the {t} discussion short today.",
    "The {t} is still on my list, I will check it.",
    "Sorry, can you repeat that about the {t}?",
    "Okay, noted. Moving on from the {t}.",
    "I agree, the {t} needs more attention this quarter.",
]
FILLER_RU = [
    "Давайте вернемся к теме {t} на следующей неделе.",
    "Есть новости по теме {t}?",
    "Мы уже обсуждали {t} в прошлый раз, ничего не изменилось.",
    "Коротко про {t}, без подробностей.",
    "Я посмотрю {t} позже и напишу в чат.",
    "Согласен, {t} требует больше внимания.",
]

FACTS = [  # (answer-bearing segment, question that paraphrases it)
    (
        "The data center migration will be done by Kestrel Systems as the vendor.",
        "Which vendor does the data center migration?",
    ),
    (
        "Maria owns the onboarding checklist and will finish it by March tenth.",
        "Who is responsible for the onboarding checklist?",
    ),
    (
        "We agreed to raise the enterprise pricing by twelve percent in April.",
        "How much will enterprise pricing go up?",
    ),
    ("The security audit found three critical issues in the payment service.", "What did the security audit find?"),
    (
        "David will interview the two backend candidates on Wednesday afternoon.",
        "When are the backend candidates interviewed?",
    ),
    ("The mobile release moves to June because of the app store review.", "Why was the mobile release moved?"),
    ("Our biggest customer, Northwind, asked for single sign-on support.", "Which customer asked for single sign-on?"),
    ("The marketing budget for the conference is forty thousand dollars.", "What is the conference marketing budget?"),
    (
        "Support tickets dropped by thirty percent after the new help center launched.",
        "What happened to support tickets after the help center?",
    ),
    (
        "The contract with Globex renews automatically unless we cancel by May first.",
        "When must we cancel the Globex contract?",
    ),
    ("Anna will redesign the checkout page with the new color palette.", "Who redesigns the checkout page?"),
    (
        "Load testing showed the API handles two thousand requests per second.",
        "How many requests per second can the API handle in load testing?",
    ),
    (
        "The roadmap review with the board is scheduled for the fifteenth of July.",
        "When is the roadmap review with the board?",
    ),
    (
        "We will hire a second designer only if the Series B closes.",
        "Under what condition do we hire a second designer?",
    ),
    (
        "Legal needs the signed data processing agreement before the pilot starts.",
        "What does legal need before the pilot?",
    ),
    ("The deadline for the tax report is the end of next week.", "When is the tax report due?"),
    (
        "Peter suggested moving the staging servers to the Frankfurt region.",
        "Where did Peter suggest moving the staging servers?",
    ),
    ("Customer churn last quarter was four point five percent.", "What was churn last quarter?"),
    ("The design system will switch to the Inter font family.", "Which font will the design system use?"),
    (
        "We decided to stop the Facebook ads campaign because of low conversion.",
        "Why was the Facebook ads campaign stopped?",
    ),
    (
        "Бюджет на рекламу в третьем квартале составит двести тысяч рублей.",
        "Какой бюджет на рекламу в третьем квартале?",
    ),
    (
        "Ольга отвечает за договор с логистической компанией и подпишет его в пятницу.",
        "Кто подписывает договор с логистической компанией?",
    ),
    ("Миграцию базы данных перенесли на ночь с субботы на воскресенье.", "Когда будет миграция базы данных?"),
    ("Новый поставщик серверов предложил скидку пятнадцать процентов.", "Какую скидку дал новый поставщик серверов?"),
    ("Релиз версии два ноль задерживается из-за ошибок в авторизации.", "Почему задерживается релиз версии два ноль?"),
    ("Игорь проведёт собеседования с тестировщиками во вторник.", "Кто проводит собеседования с тестировщиками?"),
    ("Клиенты жалуются на медленную загрузку отчётов в личном кабинете.", "На что жалуются клиенты?"),
    ("Мы решили отказаться от облачного хранилища в пользу собственного.", "Что решили сделать с облачным хранилищем?"),
    ("Дизайн главной страницы утвердили без изменений.", "Что с дизайном главной страницы?"),
    ("Срок сдачи проекта заказчику — двадцатое декабря.", "Когда сдаём проект заказчику?"),
    (
        "Служба поддержки переходит на круглосуточный режим с января.",
        "С какого месяца поддержка работает круглосуточно?",
    ),
    ("Цены на тариф Премиум поднимаются до девятисот рублей в месяц.", "Сколько будет стоить тариф Премиум?"),
    ("Аудит безопасности проведёт внешняя компания Позитив.", "Кто проведёт аудит безопасности?"),
    (
        "Тестирование мобильного приложения закончится к двадцать пятому числу.",
        "Когда закончится тестирование мобильного приложения?",
    ),
    ("Наталья подготовит презентацию для инвесторов к понедельнику.", "Кто готовит презентацию для инвесторов?"),
    ("Офис в Казани закрывается, сотрудники переходят на удалёнку.", "Что происходит с офисом в Казани?"),
    (
        "Маркетинговую стратегию пересмотрим после результатов опроса клиентов.",
        "Когда пересмотрим маркетинговую стратегию?",
    ),
    ("Найм разработчиков заморожен до конца квартала.", "Что с наймом разработчиков?"),
    ("Договор аренды продлили ещё на два года.", "На сколько продлили договор аренды?"),
    ("Команда поддержки просит добавить шаблоны ответов в систему тикетов.", "Что просит добавить команда поддержки?"),
]


def long_call(seed: int = 7) -> tuple[list[Segment], dict[int, int]]:
    """About 65 minutes of meeting talk with every fact placed once at a random spot; returns fact -> segment index."""
    rng = random.Random(seed)
    texts = []
    for _ in range(900):
        if rng.random() < 0.6:
            texts.append(rng.choice(FILLER_EN).format(t=rng.choice(TOPICS_EN)))
        else:
            texts.append(rng.choice(FILLER_RU).format(t=rng.choice(TOPICS_RU)))
    positions = rng.sample(range(len(texts)), len(FACTS))
    for fact, position in enumerate(positions):
        texts.insert(position, FACTS[fact][0])
    where = {fact: texts.index(FACTS[fact][0]) for fact in range(len(FACTS))}
    segments, clock = [], 0.0
    for i, text in enumerate(texts):
        length = 1.5 + len(text.split()) * 0.35
        segments.append(Segment(clock, clock + length, text, f"SPEAKER_0{i % 3}"))
        clock += length + 0.4
    return segments, where


def test_the_answer_bearing_segment_is_retrieved_for_at_least_95_percent_of_questions() -> None:
    segments, where = long_call()
    assert segments[-1].end >= 3600
    index = CallIndex(build_passages(segments, SpeakerNames(), max_words=60))
    found = 0
    for fact, (_, question) in enumerate(FACTS):
        passages = index.retrieve(question, budget_chars=3000)
        assert sum(len(p.text) + 1 for p in passages) <= 3000
        found += any(segments[where[fact]] in p.segments for p in passages)
    assert found / len(FACTS) >= 0.95, f"{found}/{len(FACTS)}"


def test_follow_up_questions_use_the_previous_question() -> None:
    segments, where = long_call()
    index = CallIndex(build_passages(segments, SpeakerNames(), max_words=60))
    fact = segments[where[0]]  # Kestrel Systems, data center migration
    follow_up = index.retrieve("and who is the vendor?", 600, history=["Tell me about the data center migration"])
    assert any(fact in p.segments for p in follow_up)


def test_passages_cover_every_segment_in_order_and_quote_it() -> None:
    segments = [Segment(i * 5.0, i * 5.0 + 4, f"word {i} " * 7, "SPEAKER_00") for i in range(30)]
    passages = build_passages(segments, SpeakerNames({"SPEAKER_00": "Ivan"}), max_words=40)
    covered = [s for p in passages for s in p.segments]
    assert set(covered) == set(segments)
    assert all(a.first < b.first for a, b in itertools.pairwise(passages))
    assert passages[0].text.splitlines()[1].startswith("[00:05 · Ivan] word 1")
    assert all(sum(len(s.text.split()) for s in p.segments) <= 40 for p in passages)


def test_tokens_are_stemmed_and_stop_words_dropped() -> None:
    assert tokens("Бюджета и бюджетом") == tokens("бюджет")[:1] * 2
    assert tokens("The budgets were approved") == ["budget", "approv"]
    assert stemmed_text("Ёлки, ЕЛКИ") == "елк елк"
    assert CallIndex([]).retrieve("anything", 100) == []
