"""Russian texts."""
# ruff: noqa: E501  (prose reads better unwrapped)

from bot.texts.catalog import Texts

RU = Texts(
    start=(
        "Пришлите запись звонка — голосовое, аудио, видео, кружок или аудио/видеофайл, — и я расшифрую её, "
        "покажу, кто что сказал, и пришлю резюме с решениями и задачами."
    ),
    not_allowed="Извините, это закрытый бот.",
    unsupported=(
        "Это я обработать не могу. Пришлите голосовое, аудио, видео, кружок или файл с аудио или видео "
        "(mp3, m4a, ogg, wav, mp4, …)."
    ),
    too_big_cloud=(
        "Размер файла {size}. Через облачный Bot API Telegram бот может скачивать файлы только до 20 МБ. "
        "Пришлите запись покороче или сжатую, либо попросите администратора запустить бота с локальным "
        "Bot API сервером (до 2 ГБ)."
    ),
    too_big="Размер файла {size}, а предел — {limit}. Пришлите запись покороче или сжатую.",
    status_received="📥 Получено: {name}",
    status_queued="⏳ В очереди: #{position}",
    status_queued_unknown="⏳ В очереди",
    status_transcribing="🎙 Расшифровка {bar} {percent}%",
    status_summarizing="📝 Составляю резюме…",
    status_done="✅ Готово за {elapsed}",
    status_failed="❌ {reason}",
    status_cancelled="🚫 Отменено.",
    status_api_down=(
        "⚠️ Сервис расшифровки сейчас недоступен. Я продолжаю попытки и закончу, как только он вернётся."
    ),
    status_reused="♻️ У меня уже есть расшифровка этого файла — использую её.",
    button_cancel="Отменить",
    button_retry="Повторить резюме",
    cancel_done="Отменено.",
    not_your_call="Это не ваш звонок.",
    already_finished="Обработка этого звонка уже завершена.",
    retry_started="Пробую составить резюме ещё раз…",
    summary_llm_title="Резюме",
    summary_extractive_title="Извлечённое резюме (языковая модель не настроена: ключевые фразы выбраны автоматически)",
    overview="Кратко",
    key_points="Главное",
    decisions="Решения",
    action_items="Задачи",
    open_questions="Открытые вопросы",
    key_sentences="Ключевые фразы",
    talk_time="Время речи",
    owner="ответственный",
    due="срок",
    nothing_found="нет",
    summary_failed=(
        "⚠️ Не удалось составить резюме: {reason}. Расшифровка во вложении; нажмите «Повторить», чтобы "
        "попробовать снова."
    ),
    transcript_caption="Расшифровка",
    error_rejected="Сервис расшифровки не принял файл: {detail}",
    error_job_failed="Расшифровка не удалась: {detail}",
    error_job_lost="Сервис расшифровки потерял эту задачу. Пришлите запись ещё раз.",
    error_media="Не удалось прочитать звук из этого файла: {detail}",
    error_internal="При обработке звонка что-то пошло не так. Пришлите запись ещё раз.",
    error_api_gave_up="Сервис расшифровки слишком долго недоступен. Пришлите запись ещё раз.",
    empty_transcript="В этой записи не найдено речи.",
    speaker="Спикер",
)
