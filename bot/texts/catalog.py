"""The set of texts every language provides (``{placeholders}`` are filled with ``str.format``)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.texts.group_texts import GroupTexts
from bot.texts.sharing_texts import SharingTexts
from bot.texts.voice_texts import VoiceTexts


@dataclass(frozen=True)
class Texts:
    start: str
    not_allowed: str
    unsupported: str
    too_big_cloud: str
    too_big: str
    status_received: str
    status_waiting: str
    status_queued: str
    status_queued_unknown: str
    status_transcribing: str
    status_preview: str  # above the latest streamed lines; {lines}
    status_summarizing: str
    status_done: str
    status_failed: str
    status_cancelled: str
    status_api_down: str
    status_reused: str
    status_requeued: str
    status_stalled: str
    error_stalled: str
    button_retry_transcription: str
    button_cancel: str
    button_retry: str
    cancel_done: str
    not_your_call: str
    button_outdated: str
    already_finished: str
    retry_started: str
    summary_llm_title: str
    summary_extractive_title: str
    overview: str
    key_points: str
    decisions: str
    action_items: str
    open_questions: str
    key_sentences: str
    talk_time: str
    owner: str
    due: str
    nothing_found: str
    summary_failed: str
    transcript_caption: str
    error_rejected: str
    error_job_failed: str
    error_job_lost: str
    error_media: str
    error_not_recording: str
    error_file_refused: str
    error_file_unavailable: str
    error_internal: str
    error_api_gave_up: str
    error_service_config: str
    empty_transcript: str
    speaker: str
    commands: tuple[tuple[str, str], ...]
    no_call: str
    no_transcript: str
    quoted_label: str
    answer_failed: str
    nothing_relevant: str
    name_invalid: str
    speakers_title: str
    speakers_hint: str
    rename_speaker_prompt: str
    speaker_renamed: str
    names_heard: str
    name_heard: str
    button_name: str
    name_gone: str
    calls_title: str
    calls_empty: str
    call_actions: str
    call_picked: str
    button_summary: str
    button_transcript: str
    button_speakers: str
    button_picture: str
    button_rename: str
    button_delete: str
    button_regenerate: str
    rename_call_prompt: str
    call_renamed: str
    summary_none: str
    regenerate_started: str
    busy: str
    delete_choose: str
    button_delete_call: str
    button_delete_all: str
    delete_confirm_call: str
    delete_confirm_all: str
    button_confirm_delete: str
    button_keep: str
    deleted_call: str
    deleted_all: str
    kept: str
    search_usage: str
    search_none: str
    search_title: str
    ask_usage: str
    transcript_choose: str
    picture_caption: str
    picture_labels: tuple[str, str]
    button_open_call: str
    stats_title: str
    stats_speaker: str
    stats_how: str
    stats_open_hint: str
    language_choose: str
    language_set: str
    button_language_auto: str
    voices: VoiceTexts
    sharing: SharingTexts  # /share, /shared and the reader of a shared call
    groups: GroupTexts  # the bot in group chats
    summary_kind: str
    kind_detected: str
    kind_chosen: str
    call_kinds: tuple[tuple[str, str], ...]  # template key → name
    section_titles: tuple[tuple[str, str], ...]  # template section key → title
    extractive_label: str
    extractive_failed: str
    template_title: str
    template_auto: str
    template_no_instructions: str
    button_template_write: str
    button_template_clear: str
    template_prompt: str
    template_set: str
    instructions_set: str
    instructions_cleared: str
    instructions_invalid: str
    options: OptionTexts  # /options, caption options and finding the speakers again

    def call_kind(self, key: str | None) -> str:
        return dict(self.call_kinds).get(key or "generic", key or "")

    def section_title(self, key: str) -> str:
        return dict(self.section_titles).get(key, key)


@dataclass(frozen=True)
class OptionTexts:
    """/options (the user's transcription defaults), a caption's option lines, and "Wrong speakers?"."""

    title: str  # {speakers} {language} {vocabulary}
    auto: str
    speakers_range: str  # {low} {high}
    language_auto: str
    vocabulary_none: str
    saved: str
    button_speakers_write: str
    button_language_auto: str
    button_language_write: str
    button_vocabulary_write: str
    button_vocabulary_clear: str
    prompt_speakers: str
    prompt_language: str
    prompt_vocabulary: str
    invalid: tuple[tuple[str, str], ...]  # option → what is accepted
    caption_problems: str  # {lines}
    button_wrong_speakers: str
    rediarize_ask: str  # {title}
    button_count_auto: str
    rediarize_started: str  # {count}
    rediarize_no_audio: str
    rediarize_failed: str  # {reason}
    rediarize_stalled: str  # {stalled}
    rediarize_done: str  # {count}

    def accepted(self, option: str) -> str:
        return dict(self.invalid)[option]
