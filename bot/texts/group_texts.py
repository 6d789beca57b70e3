"""Texts of the bot in group chats (introduction, /transcribe, /settings, refusals) in English and Russian."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GroupTexts:
    intro: str
    back_again: str
    transcribe_usage: str
    not_member: str
    not_manager: str
    not_manager_command: str
    settings: str
    removed_note: str
    auto_on: str
    auto_off: str
    managers_sender: str
    managers_admins: str
    button_auto_on: str
    button_auto_off: str
    button_managers_sender: str
    button_managers_admins: str
    button_delete_all: str
    chat_not_allowed: str
    commands: tuple[tuple[str, str], ...]  # the menu of commands in group chats


EN_GROUPS = GroupTexts(
    intro=(
        "👋 Hi! I turn call recordings into transcripts and summaries with decisions and action items. "
        "I process a recording only when asked: reply to it with /transcribe, "
        "unless an admin turned on automatic mode in /settings. Ask about a call by replying to its summary; "
        "/calls, /search and /ask cover this group's calls only. Privacy: calls posted here "
        "belong to the group — every current member can read them, people who leave lose access, and "
        "the sender and the admins can delete them."
    ),
    back_again=(
        "👋 I am back. The calls of this group were kept while I was away; an admin can delete them in /settings."
    ),
    transcribe_usage="Reply to a recording (voice, audio, video or a file) with /transcribe.",
    not_member="Only members of this group can use its calls.",
    not_manager="Only the recording's sender and the group's admins can do this.",
    not_manager_command="Only the group's admins can do this here.",
    settings="⚙️ Group settings\nAutomatic mode: {auto}\nDeleting and renaming: {managers}",
    removed_note="\nI was removed from this group once; its calls were kept until an admin deletes them.",
    auto_on="on — every recording posted here is processed",
    auto_off="off — only recordings answered with /transcribe",
    managers_sender="the recording's sender and admins",
    managers_admins="admins only",
    button_auto_on="▶️ Automatic mode on",
    button_auto_off="⏸ Automatic mode off",
    button_managers_sender="👤 Sender and admins manage",
    button_managers_admins="🛡 Admins only manage",
    button_delete_all="🗑 Delete all of this group's calls",
    chat_not_allowed="This bot is private and does not work in this group.",
    commands=(
        ("transcribe", "Reply to a recording: transcribe it"),
        ("calls", "This group's calls"),
        ("summary", "Summary of the active call"),
        ("ask", "Ask about this group's calls"),
        ("search", "Search this group's calls"),
        ("transcript", "Transcript as a file"),
        ("speakers", "Speakers: talk time, rename"),
        ("settings", "Group settings (admins)"),
        ("help", "What this bot does"),
    ),
)

RU_GROUPS = GroupTexts(
    intro=(
        "👋 Привет! Я превращаю записи звонков в расшифровки и итоги с решениями и задачами. "
        "Запись обрабатываю только по просьбе: ответьте на неё /transcribe, "
        "если администратор не включил автоматический режим в /settings. Вопросы о звонке задавайте ответом на "
        "его итог; /calls, /search и /ask ищут только среди звонков этой группы. "
        "Приватность: звонки, отправленные сюда, принадлежат группе — их видят все текущие участники, "
        "покинувшие группу теряют доступ, удалить звонок могут отправитель и администраторы."
    ),
    back_again=(
        "👋 Я снова здесь. Звонки группы сохранились, пока меня не было; администратор может удалить их в /settings."
    ),
    transcribe_usage="Ответьте на запись (голосовое, аудио, видео или файл) командой /transcribe.",
    not_member="Звонками группы могут пользоваться только её участники.",
    not_manager="Это могут сделать только отправитель записи и администраторы группы.",
    not_manager_command="Здесь это могут сделать только администраторы группы.",
    settings="⚙️ Настройки группы\nАвтоматический режим: {auto}\nУдаление и переименование: {managers}",
    removed_note="\nМеня удаляли из группы; её звонки сохранены, пока администратор их не удалит.",
    auto_on="включён — обрабатываю каждую запись в группе",
    auto_off="выключен — только записи, на которые ответили /transcribe",
    managers_sender="отправитель записи и администраторы",
    managers_admins="только администраторы",
    button_auto_on="▶️ Включить автоматический режим",
    button_auto_off="⏸ Выключить автоматический режим",
    button_managers_sender="👤 Управляют отправитель и администраторы",
    button_managers_admins="🛡 Управляют только администраторы",
    button_delete_all="🗑 Удалить все звонки группы",
    chat_not_allowed="Это частный бот, в этой группе он не работает.",
    commands=(
        ("transcribe", "Ответом на запись: расшифровать её"),
        ("calls", "Звонки этой группы"),
        ("summary", "Итоги активного звонка"),
        ("ask", "Вопрос по звонкам группы"),
        ("search", "Поиск по звонкам группы"),
        ("transcript", "Расшифровка файлом"),
        ("speakers", "Спикеры: время, имена"),
        ("settings", "Настройки группы (админы)"),
        ("help", "Что умеет бот"),
    ),
)
