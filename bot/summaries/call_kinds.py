"""Which kind of call a transcript is (sales, interview, stand-up, one-on-one, lecture or generic), told by the
words said (Russian and English stems) and by who talks how much; no model needed, so it is shown for every
summary and picks the summary's template unless the user chose one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from database.models import Segment, Speaker
from database.search_terms import tokens

_CUES: dict[str, str] = {
    "sales": (
        "price pricing discount quote proposal offer demo trial contract license licenses purchase buy budget "
        "competitor vendor procurement renewal subscription seats invoice deal customer client "
        "цена цены скидка предложение демо договор лицензия покупка купить бюджет конкурент поставщик закупка "
        "подписка счёт сделка клиент заказчик коммерческое"
    ),
    "interview": (
        "candidate experience resume role position salary hire hiring tell yourself strengths weaknesses "
        "background team previous job offer notice interview "
        "кандидат опыт резюме вакансия должность зарплата найм расскажите себе сильные слабые прошлой работе "
        "собеседование оффер"
    ),
    "standup": (
        "yesterday today blocker blockers blocked ticket sprint standup done working review merge pull "
        "вчера сегодня блокер блокеры тикет спринт стендап сделал доделал ревью мерж задачу"
    ),
    "one_on_one": (
        "feedback career growth goals feel feeling workload manager support promotion burnout "
        "обратная связь карьера рост цели чувствую нагрузка руководитель поддержка повышение выгорание"
    ),
}
CUE_STEMS = {kind: frozenset(tokens(words)) for kind, words in _CUES.items()}
MIN_CUES = 4  # distinct cue words a kind needs before it is believed
LECTURE_SHARE = 0.8  # one speaker with this share of the talking time, over LECTURE_SECONDS, is a lecture
LECTURE_SECONDS = 600.0


def detect_kind(segments: Sequence[Segment], speakers: Sequence[Speaker]) -> str:
    """The template key that fits the call best; ``generic`` when no kind clearly does."""
    said = Counter(t for s in segments for t in tokens(s.text))
    scores = {kind: sum(1 for stem in stems if said[stem]) for kind, stems in CUE_STEMS.items()}
    if len(speakers) == 2 and scores["one_on_one"] >= 2:
        scores["one_on_one"] += 2  # two people talking about growth and feedback
    best = max(scores, key=lambda kind: scores[kind])
    if scores[best] >= MIN_CUES:
        return best
    total = sum(s.talk_seconds for s in speakers)
    if total >= LECTURE_SECONDS and max((s.talk_seconds for s in speakers), default=0.0) >= LECTURE_SHARE * total:
        return "lecture"
    return "generic"
