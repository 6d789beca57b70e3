"""Texts of the Mini App's page in English and Russian (the chat's texts are in en.py and ru.py); the page gets
the set of the user's language with the call."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class PageTexts:
    tab_transcript: str
    tab_summary: str
    tab_analytics: str
    search_placeholder: str
    search_count: str
    search_none: str
    speed: str
    no_audio: str
    audio_expired: str
    summary_none: str
    talk_share: str
    timeline: str
    chapters: str
    sentiment: str
    per_speaker: str
    stat_talk: str
    stat_share: str
    stat_talk_listen: str
    stat_monologue: str
    stat_wpm: str
    stat_questions: str
    stat_interruptions: str
    stat_interrupted: str
    how_talk: str
    how_chapters_model: str
    how_chapters_offline: str
    how_sentiment_model: str
    how_sentiment_offline: str
    model_failed: str
    insights_loading: str
    insights_failed: str
    negative: str
    positive: str
    error_unauthorized: str
    error_not_allowed: str
    error_link: str
    error_not_found: str
    error_failed: str

    def as_json(self) -> dict[str, str]:
        return asdict(self)


PAGE_EN = PageTexts(
    tab_transcript="Transcript",
    tab_summary="Summary",
    tab_analytics="Analytics",
    search_placeholder="Search in this call",
    search_count="{n} of {total}",
    search_none="No matches",
    speed="Speed",
    no_audio="No audio is kept for this call (it is older than the retention period, or was processed before the "
    "player existed). The transcript and analytics still work.",
    audio_expired="The audio link has expired: open the call again from the chat.",
    summary_none="This call has no summary yet.",
    talk_share="Talk time",
    timeline="Who spoke when",
    chapters="Chapters",
    sentiment="Sentiment over time",
    per_speaker="Per speaker",
    stat_talk="Talk time",
    stat_share="Share",
    stat_talk_listen="Talk/listen",
    stat_monologue="Longest monologue",
    stat_wpm="Words per minute",
    stat_questions="Questions asked",
    stat_interruptions="Interruptions",
    stat_interrupted="Was interrupted",
    how_talk="Computed from the word timings of the transcript. A turn is one speaker's speech until another "
    "speaks; an interruption is a turn that starts before the previous speaker's last word ends or less than "
    "{gap} s after it. Questions are counted by question marks.",
    how_chapters_model="Chapters found by the language model ({model}).",
    how_chapters_offline="Computed offline: the call is cut at pauses where the words change most; each chapter "
    "is named by its most characteristic words.",
    how_sentiment_model="Rated by the language model ({model}) for each speaker in each chapter, from −1 "
    "(negative) to +1 (positive).",
    how_sentiment_offline="Computed offline from a Russian and English word list, per speaker and minute: from −1 "
    "(only negative words) to +1 (only positive ones).",
    model_failed="The language model could not be used ({reason}); these were computed offline.",
    insights_loading="Finding the chapters…",
    insights_failed="The chapters could not be loaded.",
    negative="negative",
    positive="positive",
    error_unauthorized="Open this page from the bot's chat: press “Open call” under a summary or in /calls. "
    "(The sign-in is missing, not valid or has expired.)",
    error_not_allowed="Sorry, this bot is private.",
    error_link="The audio link is not valid any more.",
    error_not_found="This call does not exist or is not yours.",
    error_failed="Something went wrong. Please try again.",
)

PAGE_RU = PageTexts(
    tab_transcript="Расшифровка",
    tab_summary="Итоги",
    tab_analytics="Аналитика",
    search_placeholder="Поиск по звонку",
    search_count="{n} из {total}",
    search_none="Ничего не найдено",
    speed="Скорость",
    no_audio="Аудио этого звонка не хранится (срок хранения истёк или звонок обработан до появления плеера). "
    "Расшифровка и аналитика работают.",
    audio_expired="Ссылка на аудио устарела: откройте звонок из чата ещё раз.",
    summary_none="У этого звонка пока нет итогов.",
    talk_share="Время речи",
    timeline="Кто когда говорил",
    chapters="Главы",
    sentiment="Настроение по ходу звонка",
    per_speaker="По участникам",
    stat_talk="Время речи",
    stat_share="Доля",
    stat_talk_listen="Говорил/слушал",
    stat_monologue="Самый долгий монолог",
    stat_wpm="Слов в минуту",
    stat_questions="Задал вопросов",
    stat_interruptions="Перебивал",
    stat_interrupted="Перебивали",
    how_talk="По времени слов в расшифровке. Реплика — речь одного участника, пока не заговорит другой; "
    "перебивание — реплика, начатая до конца последнего слова предыдущего участника или меньше чем через {gap} с "
    "после него. Вопросы считаются по вопросительным знакам.",
    how_chapters_model="Главы выделила языковая модель ({model}).",
    how_chapters_offline="Вычислено без модели: звонок разрезан на паузах, где сильнее всего меняются слова; "
    "глава названа самыми характерными словами.",
    how_sentiment_model="Оценка языковой модели ({model}) для каждого участника в каждой главе, от −1 "
    "(негатив) до +1 (позитив).",
    how_sentiment_offline="Вычислено без модели по словарю русских и английских слов, для каждого участника по "
    "минутам: от −1 (только негативные слова) до +1 (только позитивные).",
    model_failed="Языковая модель недоступна ({reason}); показано вычисленное без неё.",
    insights_loading="Ищу главы…",
    insights_failed="Не удалось загрузить главы.",
    negative="негатив",
    positive="позитив",
    error_unauthorized="Откройте эту страницу из чата с ботом: кнопка «Открыть звонок» под итогами или в /calls. "
    "(Вход не выполнен, недействителен или устарел.)",
    error_not_allowed="Извините, это закрытый бот.",
    error_link="Ссылка на аудио больше не действует.",
    error_not_found="Такого звонка нет, или он не ваш.",
    error_failed="Что-то пошло не так. Попробуйте ещё раз.",
)


def page_texts_for(language_code: str | None) -> PageTexts:
    """``ru*`` → Russian, anything else → English (as the chat's texts)."""
    return PAGE_RU if (language_code or "").lower().startswith("ru") else PAGE_EN
