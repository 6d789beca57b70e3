"""English texts."""

from bot.texts.catalog import Texts

EN = Texts(
    start=(
        "Send me a call recording — a voice note, audio, video, round video or an audio/video file — and I will "
        "transcribe it, tell who said what and send a summary with decisions and action items."
    ),
    not_allowed="Sorry, this bot is private.",
    unsupported=(
        "I can't process this. Send a voice note, audio, video, round video, or a file with an audio or video "
        "type (mp3, m4a, ogg, wav, mp4, …)."
    ),
    too_big_cloud=(
        "This file is {size}. Bots on Telegram's cloud API can only download files up to 20 MB. Send a shorter "
        "or compressed recording, or ask the operator to run the bot with a local Bot API server (up to 2 GB)."
    ),
    too_big="This file is {size}; the limit is {limit}. Send a shorter or compressed recording.",
    status_received="📥 Received: {name}",
    status_queued="⏳ In the queue: #{position}",
    status_queued_unknown="⏳ In the queue",
    status_transcribing="🎙 Transcribing {bar} {percent}%",
    status_summarizing="📝 Summarizing…",
    status_done="✅ Done in {elapsed}",
    status_failed="❌ {reason}",
    status_cancelled="🚫 Cancelled.",
    status_api_down=(
        "⚠️ The transcription service is not reachable right now. I keep retrying and will finish as soon as "
        "it is back."
    ),
    status_reused="♻️ I already have a transcript of this file — reusing it.",
    button_cancel="Cancel",
    button_retry="Retry summary",
    cancel_done="Cancelled.",
    not_your_call="This is not your call.",
    already_finished="This call is already finished.",
    retry_started="Retrying the summary…",
    summary_llm_title="Summary",
    summary_extractive_title="Extractive summary (no language model configured: key sentences picked automatically)",
    overview="Overview",
    key_points="Key points",
    decisions="Decisions",
    action_items="Action items",
    open_questions="Open questions",
    key_sentences="Key sentences",
    talk_time="Talk time",
    owner="owner",
    due="due",
    nothing_found="none",
    summary_failed="⚠️ The summary could not be made: {reason}. The transcript is attached; press Retry to try again.",
    transcript_caption="Transcript",
    error_rejected="The transcription service refused the file: {detail}",
    error_job_failed="Transcription failed: {detail}",
    error_job_lost="The transcription service lost this job. Please send the recording again.",
    error_media="I could not read the audio of this file: {detail}",
    error_internal="Something went wrong while processing this call. Please send it again.",
    error_api_gave_up="The transcription service stayed unreachable for too long. Please send the recording again.",
    error_service_config="The transcription service is not set up correctly (access denied). Tell the bot operator.",
    empty_transcript="No speech was found in this recording.",
    speaker="Speaker",
)
