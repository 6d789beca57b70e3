"""The set of texts every language provides (``{placeholders}`` are filled with ``str.format``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Texts:
    start: str
    not_allowed: str
    unsupported: str
    too_big_cloud: str
    too_big: str
    status_received: str
    status_queued: str
    status_queued_unknown: str
    status_transcribing: str
    status_summarizing: str
    status_done: str
    status_failed: str
    status_cancelled: str
    status_api_down: str
    status_reused: str
    button_cancel: str
    button_retry: str
    cancel_done: str
    not_your_call: str
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
    error_internal: str
    error_api_gave_up: str
    error_service_config: str
    empty_transcript: str
    speaker: str
