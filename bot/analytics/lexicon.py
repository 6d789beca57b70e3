"""A small sentiment lexicon of conversational English and Russian, written for this project (words are matched
by their Snowball stems, so one form stands for its inflections), and the negations that flip a word."""

from __future__ import annotations

from functools import cache

from database.search_terms import stem

POSITIVE = """
good great excellent perfect nice fine happy glad pleased love like enjoy awesome amazing wonderful fantastic
brilliant super cool agree agreed yes right correct success successful win won progress improve improved
improvement better best easy helpful useful valuable clear thanks thank appreciate appreciated welcome exciting
excited interesting impressive solid strong ready done finished resolved solved fixed works working smooth fast
confident sure absolutely definitely hope hopeful promising benefit opportunity growth profit profitable
recommend support trust fair reasonable calm safe comfortable satisfied satisfying positive okay ok
хорошо хороший отлично отличный прекрасно прекрасный замечательно замечательный супер класс классно круто
здорово рад рада рады приятно нравится люблю согласен согласна согласны верно правильно да конечно успех
успешно успешный победа прогресс улучшение улучшить лучше лучший легко просто полезно полезный ценный понятно
ясно спасибо благодарю интересно интересный впечатляет сильный готов готово готовы сделано решено решили
исправлено работает быстро уверен уверена надежда надеюсь перспективный выгода возможность рост прибыль
прибыльный рекомендую поддержка поддерживаю доверие честно разумно спокойно безопасно удобно доволен довольна
довольны позитивный
"""

NEGATIVE = """
bad poor terrible awful horrible worst worse wrong problem problems issue issues bug bugs broken break fail
failed failure error errors mistake risk risky concern concerned worried worry afraid fear angry annoyed upset
frustrated frustrating disappointed disappointing sad unhappy hate dislike difficult hard impossible slow late
delay delayed blocker blocked stuck missing lost loss expensive costly complain complaint unfortunately sorry
confusing unclear doubt doubtful disagree no never against reject rejected cancel cancelled crisis urgent
trouble damage danger dangerous weak useless pointless waste tired stress stressful pain painful negative
плохо плохой ужасно ужасный худший хуже неправильно ошибка ошибки проблема проблемы баг баги сломано сломался
провал провалили неудача риск рискованно беспокоит волнуюсь боюсь страх злой злюсь раздражает расстроен
расстроена разочарован разочарование грустно жаль ненавижу сложно трудно невозможно медленно поздно опоздание
задержка задерживается блокер застряли нет никогда против отказ отклонили отменили кризис срочно беда ущерб
опасно слабый бесполезно зря устал устала стресс больно негатив дорого жалоба непонятно сомневаюсь сомнение
потеря потеряли
"""

_NEGATIONS = """
not no never don't doesn't didn't isn't aren't wasn't weren't won't can't cannot couldn't shouldn't wouldn't hardly
не ни нет никогда нельзя вовсе
"""
NEGATIONS = frozenset(_NEGATIONS.split())


@cache
def polarity_stems() -> tuple[frozenset[str], frozenset[str]]:
    """Stems of the positive and the negative words (made at first use, not at import)."""
    positive = frozenset(stem(w) for w in POSITIVE.split())
    negative = frozenset(stem(w) for w in NEGATIVE.split()) - positive
    return positive, negative
