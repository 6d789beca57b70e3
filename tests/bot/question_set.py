"""A question set over generated calls, English and Russian: facts said once at a known moment, asked about in
their own words and in other words (sharing no word stem with the line that answers), follow-ups that lean on
the question before, and questions about the whole call."""

from __future__ import annotations

import random
from dataclasses import dataclass

from database.models import Segment


@dataclass(frozen=True)
class Fact:
    line: str  # said once in the call
    asked: str  # a question using the line's words
    paraphrased: str  # the same question in other words: no word stem in common with ``line``


@dataclass(frozen=True)
class FollowUp:
    first: str
    then: str  # leans on ``first``: answered by ``line``
    line: str


EN_FACTS = [
    Fact(
        "The data center migration will be done by Kestrel Systems as the vendor.",
        "Which vendor does the data center migration?",
        "Which company is moving our servers?",
    ),
    Fact(
        "Maria owns the onboarding checklist and will finish it by March tenth.",
        "Who owns the onboarding checklist?",
        "Who is in charge of the list for new hires?",
    ),
    Fact(
        "We agreed to raise the enterprise pricing by twelve percent in April.",
        "How much will enterprise pricing go up?",
        "How much more will big corporate customers pay?",
    ),
    Fact(
        "The security audit found three critical issues in the payment service.",
        "What did the security audit find?",
        "What serious problems did the safety review uncover?",
    ),
    Fact(
        "David will interview the two backend candidates on Wednesday afternoon.",
        "When are the backend candidates interviewed?",
        "Who talks to the applicants for server-side jobs?",
    ),
    Fact(
        "The mobile release moves to June because of the app store review.",
        "Why was the mobile release moved?",
        "Why is the phone version shipping later?",
    ),
    Fact(
        "Our biggest customer, Northwind, asked for single sign-on support.",
        "Which customer asked for single sign-on?",
        "Which largest client wants one login for everything?",
    ),
    Fact(
        "The marketing budget for the conference is forty thousand dollars.",
        "What is the conference marketing budget?",
        "How much money goes to promoting us at the trade show?",
    ),
    Fact(
        "Support tickets dropped by thirty percent after the new help center launched.",
        "What happened to support tickets after the help center?",
        "Did complaints to the helpdesk go down?",
    ),
    Fact(
        "The contract with Globex renews automatically unless we cancel by May first.",
        "When must we cancel the Globex contract?",
        "Until what date can we exit the agreement with that firm?",
    ),
    Fact(
        "Anna will redesign the checkout page with the new color palette.",
        "Who redesigns the checkout page?",
        "Who is changing how the payment screen looks?",
    ),
    Fact(
        "Load testing showed the API handles two thousand requests per second.",
        "How many requests per second can the API handle?",
        "What throughput did the stress run measure?",
    ),
    Fact(
        "The roadmap review with the board is scheduled for the fifteenth of July.",
        "When is the roadmap review with the board?",
        "When do directors look at our product plans?",
    ),
    Fact(
        "We will hire a second designer only if the Series B closes.",
        "Under what condition do we hire a second designer?",
        "What has to happen before another UX person joins?",
    ),
    Fact(
        "Legal needs the signed data processing agreement before the pilot starts.",
        "What does legal need before the pilot?",
        "What paperwork do the lawyers want ahead of the trial?",
    ),
    Fact(
        "The deadline for the tax report is the end of next week.",
        "When is the tax report deadline?",
        "By when do we owe the filing to the revenue office?",
    ),
    Fact(
        "Peter suggested moving the staging servers to the Frankfurt region.",
        "Where did Peter suggest moving the staging servers?",
        "Where in Germany should the test machines live?",
    ),
    Fact(
        "Customer churn last quarter was four point five percent.",
        "What was customer churn last quarter?",
        "How many clients left us recently, as a share?",
    ),
    Fact(
        "The design system will switch to the Inter font family.",
        "Which font will the design system use?",
        "What typeface are we adopting for the UI?",
    ),
    Fact(
        "We decided to stop the Facebook ads campaign because of low conversion.",
        "Why was the Facebook ads campaign stopped?",
        "Why did we end the social media advertising?",
    ),
]
RU_FACTS = [
    Fact(
        "Бюджет на рекламу в третьем квартале составит двести тысяч рублей.",
        "Какой бюджет на рекламу в третьем квартале?",
        "Сколько денег выделили на продвижение осенью?",
    ),
    Fact(
        "Ольга отвечает за договор с логистической компанией и подпишет его в пятницу.",
        "Кто подписывает договор с логистической компанией?",
        "Кто займётся соглашением с перевозчиком?",
    ),
    Fact(
        "Миграцию базы данных перенесли на ночь с субботы на воскресенье.",
        "Когда будет миграция базы данных?",
        "Когда переезжает хранилище записей?",
    ),
    Fact(
        "Новый поставщик серверов предложил скидку пятнадцать процентов.",
        "Какую скидку дал новый поставщик серверов?",
        "Насколько дешевле обойдётся железо у другого продавца?",
    ),
    Fact(
        "Релиз версии два ноль задерживается из-за ошибок в авторизации.",
        "Почему задерживается релиз версии два ноль?",
        "Что мешает выпустить следующее крупное обновление?",
    ),
    Fact(
        "Игорь проведёт собеседования с тестировщиками во вторник.",
        "Кто проводит собеседования с тестировщиками?",
        "Кто будет общаться с кандидатами в QA?",
    ),
    Fact(
        "Клиенты жалуются на медленную загрузку отчётов в личном кабинете.",
        "На что жалуются клиенты?",
        "Чем недовольны покупатели?",
    ),
    Fact(
        "Мы решили отказаться от облачного хранилища в пользу собственного.",
        "Что решили сделать с облачным хранилищем?",
        "Где теперь будут лежать файлы?",
    ),
    Fact(
        "Срок сдачи проекта заказчику — двадцатое декабря.",
        "Когда срок сдачи проекта заказчику?",
        "К какому числу нужно всё закончить?",
    ),
    Fact(
        "Аудит безопасности проведёт внешняя компания Позитив.",
        "Кто проведёт аудит безопасности?",
        "Какая сторонняя фирма будет проверять защиту?",
    ),
]
EN_FOLLOW_UPS = [
    FollowUp("Who owns the onboarding checklist?", "And by when will it be done?", EN_FACTS[1].line),
    FollowUp("What did the security audit find?", "Where were they found?", EN_FACTS[3].line),
    FollowUp("Which customer asked for single sign-on?", "And how big is that customer for us?", EN_FACTS[6].line),
]
RU_FOLLOW_UPS = [
    FollowUp("Кто подписывает договор с логистической компанией?", "А когда он его подпишет?", RU_FACTS[1].line),
    FollowUp("Какую скидку дал новый поставщик серверов?", "А он новый или старый?", RU_FACTS[3].line),
    FollowUp("Кто проводит собеседования с тестировщиками?", "А в какой день недели?", RU_FACTS[5].line),
]
WHOLE_CALL = {
    "en": ["What's the gist?", "Give me a short recap", "Was anyone upset?", "List everything that was decided"],
    "ru": ["В чём суть?", "Кратко перескажи", "Кто-нибудь был недоволен?", "Перечисли все решения"],
}
FILLER = {
    "en": [
        "I think we should look at the {t} again next week.",
        "Does anyone have updates on the {t}?",
        "We talked about the {t} last time and nothing changed.",
        "Let's keep the {t} discussion short today.",
        "The {t} is still on my list, I will check it.",
        "Sorry, can you repeat that about the {t}?",
        "Okay, noted. Moving on from the {t}.",
        "I agree, the {t} needs more attention this quarter.",
    ],
    "ru": [
        "Давайте вернемся к теме {t} на следующей неделе.",
        "Есть новости по теме {t}?",
        "Мы уже обсуждали {t} в прошлый раз, ничего не изменилось.",
        "Коротко про {t}, без подробностей.",
        "Я посмотрю {t} позже и напишу в чат.",
        "Согласен, {t} требует больше внимания.",
    ],
}
TOPICS = {
    "en": [
        "budget",
        "migration",
        "vendor",
        "release",
        "hiring",
        "contract",
        "design",
        "testing",
        "roadmap",
        "onboarding",
        "pricing",
        "security",
        "support",
        "marketing",
        "deadline",
    ],
    "ru": [
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
    ],
}


def generated_call(language: str, facts: list[Fact], fillers: int, seed: int) -> list[Segment]:
    """``fillers`` lines of meeting talk with each fact said once at a random spot, three speakers taking turns."""
    rng = random.Random(seed)
    texts = [rng.choice(FILLER[language]).format(t=rng.choice(TOPICS[language])) for _ in range(fillers)]
    for fact, position in zip(facts, sorted(rng.sample(range(fillers), len(facts))), strict=True):
        texts.insert(position, fact.line)
    segments, clock = [], 0.0
    for i, text in enumerate(texts):
        length = 1.5 + len(text.split()) * 0.35
        segments.append(Segment(clock, clock + length, text, f"SPEAKER_0{i % 3}"))
        clock += length + 0.4
    return segments
