"""Texts of voice recognition (/people, "is this Ivan?") in English and Russian."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VoiceTexts:
    check_named: str
    check_ask: str
    button_yes: str
    button_no: str
    confirmed: str
    rejected: str
    question_gone: str
    people_title: str
    people_line: str
    people_empty: str
    recognition_on: str
    recognition_off: str
    button_rename: str
    button_merge: str
    button_delete: str
    button_off: str
    button_on: str
    rename_prompt: str
    renamed: str
    name_taken: str
    merge_choose: str
    merged: str
    delete_confirm: str
    deleted: str
    person_gone: str


EN_VOICES = VoiceTexts(
    check_named="🔊 Recognised by voice: {plain} is {name}. Right?",
    check_ask="🔊 {plain} may be {name}: the voice is close, but not enough to be sure. Is it {name}?",
    button_yes="✅ Yes, {name}",
    button_no="❌ Not {name}",
    confirmed="✅ {plain} is {name}: I will remember this voice.",
    rejected="❌ {plain} is not {name}: the name is removed, and I will not give it to this voice without asking.",
    question_gone="This question is no longer open.",
    people_title=(
        "Your people — voice profiles, yours only (voice prints are biometric data; /delete removes them all):"
    ),
    people_line="• {name} — heard in {calls} call(s)",
    people_empty=(
        "No voice profiles yet. Name a speaker in /speakers and I will recognise that voice in your next calls."
    ),
    recognition_on="Voice recognition: on.",
    recognition_off="Voice recognition: off — no voice prints are made, stored or used for your calls.",
    button_rename="✏️ {name}",
    button_merge="🔀 {name}",
    button_delete="🗑 {name}",
    button_off="🔇 Turn voice recognition off",
    button_on="🔊 Turn voice recognition on",
    rename_prompt="Send the new name for {name}.",
    renamed="Renamed: {old} → {new}. Your next calls use the new name.",
    name_taken="You already have someone called {name}: merge the two instead (🔀).",
    merge_choose="Merge {name} into whom? {name}'s voice prints join theirs.",
    merged="{source} merged into {target}.",
    delete_confirm="Delete the voice profile of {name}? Names already given in calls stay.",
    deleted="🗑 The voice profile of {name} is deleted.",
    person_gone="This person is no longer in your profiles.",
)

RU_VOICES = VoiceTexts(
    check_named="🔊 Узнал по голосу: {plain} — это {name}. Верно?",
    check_ask="🔊 {plain}, возможно, {name}: голос похож, но не настолько, чтобы быть уверенным. Это {name}?",
    button_yes="✅ Да, {name}",
    button_no="❌ Не {name}",
    confirmed="✅ {plain} — это {name}: запомню этот голос.",
    rejected="❌ {plain} — не {name}: имя убрано, и без вопроса я его этому голосу не дам.",
    question_gone="Этот вопрос уже закрыт.",
    people_title=(
        "Ваши люди — голосовые профили, только ваши (отпечатки голоса — биометрические данные; /delete удаляет их все):"
    ),
    people_line="• {name} — звонков: {calls}",
    people_empty="Голосовых профилей пока нет. Назовите спикера в /speakers, и я узнаю этот голос в следующих звонках.",
    recognition_on="Распознавание голосов: включено.",
    recognition_off=(
        "Распознавание голосов: выключено — отпечатки голосов ваших звонков не создаются, не хранятся и не "
        "используются."
    ),
    button_rename="✏️ {name}",
    button_merge="🔀 {name}",
    button_delete="🗑 {name}",
    button_off="🔇 Выключить распознавание голосов",
    button_on="🔊 Включить распознавание голосов",
    rename_prompt="Пришлите новое имя для {name}.",
    renamed="Переименовано: {old} → {new}. В следующих звонках будет новое имя.",
    name_taken="У вас уже есть {name}: лучше объединить их (🔀).",
    merge_choose="С кем объединить {name}? Отпечатки голоса {name} перейдут к нему.",
    merged="{source} объединён с {target}.",
    delete_confirm="Удалить голосовой профиль {name}? Имена, уже данные в звонках, останутся.",
    deleted="🗑 Голосовой профиль {name} удалён.",
    person_gone="Этого человека уже нет в ваших профилях.",
)
