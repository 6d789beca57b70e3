"""English texts."""

from bot.texts.catalog import OptionTexts, Texts
from bot.texts.group_texts import EN_GROUPS
from bot.texts.sharing_texts import EN_SHARING
from bot.texts.voice_texts import EN_VOICES

EN = Texts(
    start=(
        "Send me a call recording — a voice note, audio, video, round video or an audio/video file — and I will "
        "transcribe it, tell who said what and send a summary with decisions and action items. Then just ask "
        "questions about the call in plain text. /calls lists your calls, /search and /ask look through all of "
        "them, /speakers names the speakers, /transcript exports the text, /template shapes your summaries, "
        "/options sets the speakers, language and vocabulary of your recordings, /share gives a read-only link to a "
        "call, /language switches the language."
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
    status_waiting="🕓 Waiting: {running} of your recordings in progress; this one starts when one of them is done.",
    status_queued="⏳ In the queue: #{position}",
    status_queued_unknown="⏳ In the queue",
    status_transcribing="🎙 Transcribing {bar} {percent}%",
    status_preview="The latest lines so far (speakers are provisional until the end):\n{lines}",
    status_summarizing="📝 Summarizing…",
    status_done="✅ Done in {elapsed}",
    status_failed="❌ {reason}",
    status_cancelled="🚫 Cancelled.",
    status_api_down=(
        "⚠️ The transcription service is not reachable right now. I keep retrying and will finish as soon as it is back."
    ),
    status_reused="♻️ I already have a transcript of this file — reusing it.",
    status_requeued=(
        "🔁 The transcription server restarted; your recording is queued again. Nothing is lost: I keep waiting and "
        "will finish as soon as it is transcribed."
    ),
    status_stalled=(
        "⏳ The transcription server has reported no progress for {stalled}. I keep waiting (up to {left} more) and "
        "will tell you how it ends."
    ),
    error_stalled=(
        "The transcription server reported no progress for {stalled}, so I stopped waiting. Press “Retry "
        "transcription” to send the recording again."
    ),
    button_retry_transcription="Retry transcription",
    button_cancel="Cancel",
    button_retry="Retry summary",
    cancel_done="Cancelled.",
    not_your_call="This is not your call.",
    button_outdated="This button is outdated, please open the call again.",
    already_finished="This call is already finished.",
    retry_started="Trying again…",
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
    error_not_recording=(
        "This file is not an audio or video recording (or it is damaged), so I can't transcribe it. Send the "
        "recording itself: a voice note, or a file such as mp3, m4a, ogg, wav, mp4 or webm."
    ),
    error_file_refused=(
        "I may not read this file: the Telegram server gave me a path outside its files folder. Tell the bot operator."
    ),
    error_file_unavailable=(
        "I can't read this file: the Telegram server's files folder is not available to me. Tell the bot operator."
    ),
    error_internal="Something went wrong while processing this call. Please send it again.",
    error_api_gave_up="The transcription service stayed unreachable for too long. Please send the recording again.",
    error_service_config="The transcription service is not set up correctly (access denied). Tell the bot operator.",
    empty_transcript="No speech was found in this recording.",
    speaker="Speaker",
    commands=(
        ("calls", "Your calls: pick, rename"),
        ("summary", "Summary of the active call"),
        ("speakers", "Speakers: talk time, rename"),
        ("people", "People you named: voice profiles"),
        ("transcript", "Transcript as txt, md, srt, vtt, docx, json"),
        ("picture", "Talk-time picture"),
        ("stats", "Key numbers of the active call"),
        ("search", "Search all your calls"),
        ("ask", "Ask about all your calls"),
        ("share", "Share the active call by a link"),
        ("shared", "Your shared links: revoke"),
        ("delete", "Delete a call or all your data"),
        ("template", "Summary template and your instructions"),
        ("options", "Speakers, language, vocabulary"),
        ("language", "Language of the bot"),
        ("help", "What this bot does"),
    ),
    no_call="You have no transcribed calls yet. Send me a recording first.",
    no_transcript="This call has no transcript yet.",
    quoted_label="🔎 No language model is configured — these are the most relevant quotes from the call:",
    answer_failed="⚠️ The language model failed ({reason}). The most relevant quotes from the call instead:",
    nothing_relevant="I found nothing about this in the call.",
    name_invalid="A name must be 1–60 characters, without [ ] or ·. Send another one.",
    speakers_title="Speakers of “{title}”:",
    speakers_hint="Press a button to rename a speaker.",
    rename_speaker_prompt="Send the new name for {name}.",
    speaker_renamed="✏️ {old} is now {new}.",
    names_heard="💡 Names heard in the call (tap one to apply it):",
    name_heard="{speaker} → {name}, heard at [{at}]",
    button_name="✅ {speaker} → {name}",
    name_gone="This suggestion no longer applies.",
    calls_title="Your calls ({total}), page {page} of {pages}. ▶ marks the active one:",
    calls_empty="You have no calls yet. Send me a recording.",
    call_actions="“{title}” — {date} · {duration}. Questions you send now are about this call.",
    call_picked="Active call: {title}",
    button_summary="📝 Summary",
    button_transcript="📄 Transcript",
    button_speakers="🗣 Speakers",
    button_picture="📊 Picture",
    button_rename="✏️ Rename",
    button_delete="🗑 Delete",
    button_regenerate="🔄 Regenerate",
    rename_call_prompt="Send the new title for “{title}”.",
    call_renamed="✏️ Renamed: {title}",
    summary_none="This call has no summary yet.",
    regenerate_started="Regenerating the summary…",
    busy="This call is still being processed. Try again when it is done.",
    delete_choose="Delete the call “{title}”, or all your data?",
    button_delete_call="🗑 This call",
    button_delete_all="🗑 All my data",
    delete_confirm_call="Delete “{title}” with its transcript, summary and questions? This cannot be undone.",
    delete_confirm_all="Delete ALL your calls, transcripts, summaries, questions and settings? This cannot be undone.",
    button_confirm_delete="Yes, delete",
    button_keep="No, keep",
    deleted_call="🗑 Deleted “{title}”.",
    deleted_all="🗑 All your data is deleted.",
    kept="Nothing was deleted.",
    search_usage="Send /search and the words to find, e.g. /search budget",
    search_none="Nothing found for “{query}”.",
    search_title="Found in your calls:",
    ask_usage="Send /ask and a question about all your calls, e.g. /ask who owns the migration?",
    transcript_choose="Transcript of “{title}” — pick a format:",
    picture_caption="Talk time — {title}",
    picture_labels=("Share of speech", "Timeline, min"),
    button_open_call="📱 Open call",
    stats_title="Call statistics — {title} ({duration})",
    stats_speaker=(
        "{name} — {talk} ({share}%)\n"
        "talk/listen {ratio} · longest monologue {monologue} at {at}\n"
        "{wpm} words/min · {questions} questions · interrupted {interruptions}×, was interrupted {interrupted}×"
    ),
    stats_how=(
        "From the word timings of the transcript. An interruption is a turn that starts before the other speaker's "
        "last word ends or within {gap} s of it; questions are counted by question marks."
    ),
    stats_open_hint="Timeline, chapters and sentiment: “Open call”.",
    language_choose="Language of the bot:",
    language_set="Language: English.",
    button_language_auto="As in Telegram",
    voices=EN_VOICES,
    sharing=EN_SHARING,
    groups=EN_GROUPS,
    summary_kind="{kind} ({how}) · change: /template",
    kind_detected="detected",
    kind_chosen="your template",
    call_kinds=(
        ("generic", "General call"),
        ("sales", "Sales call"),
        ("interview", "Interview"),
        ("standup", "Stand-up"),
        ("one_on_one", "One-on-one"),
        ("lecture", "Lecture"),
    ),
    section_titles=(
        ("needs", "Needs"),
        ("objections", "Objections"),
        ("next_steps", "Next steps"),
        ("strengths", "Strengths"),
        ("concerns", "Concerns"),
        ("recommendation", "Recommendation"),
        ("done", "Done"),
        ("next", "Next"),
        ("blockers", "Blockers"),
        ("feedback", "Feedback"),
        ("agreements", "Agreements"),
        ("concepts", "Concepts"),
        ("examples", "Examples"),
        ("takeaways", "Takeaways"),
    ),
    extractive_label="📋 No language model is configured — the extractive summary of the call (its telling lines):",
    extractive_failed="⚠️ The language model failed ({reason}). The extractive summary of the call instead:",
    template_title=(
        "Summary template: {template}\nYour instructions: {instructions}\n\nPick a template for your next "
        "summaries (Auto detects the kind of call), or write standing instructions — for example "
        "/template always list risks and numbers."
    ),
    template_auto="Auto",
    template_no_instructions="none",
    button_template_write="✏️ Write instructions",
    button_template_clear="🧹 Clear instructions",
    template_prompt="Send your standing instructions for summaries (up to 500 characters), e.g. “list risks first”.",
    template_set="Template: {template}. It applies to your next summaries and to 🔄 Regenerate.",
    instructions_set="Saved. Your next summaries (and 🔄 Regenerate) follow: {instructions}",
    instructions_cleared="Instructions cleared.",
    instructions_invalid="Instructions are 1–500 characters. Send them again.",
    options=OptionTexts(
        title=(
            "Transcription options for your next recordings:\n"
            "• Speakers: {speakers}\n• Language: {language}\n• Vocabulary: {vocabulary}\n\n"
            "Change them below. The caption of a recording can set them for that call only, one per line:\n"
            "speakers: 3   (or 2-4, or auto)\nlanguage: de\nvocabulary: Acme, Kubernetes, Ivan Petrov"
        ),
        auto="auto",
        speakers_range="{low} to {high}",
        language_auto="auto (detected)",
        vocabulary_none="none",
        saved="✅ Saved.",
        button_speakers_write="✏️ Range…",
        button_language_auto="🌐 Auto",
        button_language_write="✏️ Other language…",
        button_vocabulary_write="✏️ Vocabulary…",
        button_vocabulary_clear="🧹 Clear vocabulary",
        prompt_speakers="How many speakers? Send a number from 1 to 10, a range such as 2-4, or auto.",
        prompt_language="Which language is spoken? Send its two-letter code (de, fr, es, uk, …) or auto.",
        prompt_vocabulary=(
            "Send names and terms the calls use, e.g. “Acme, Kubernetes, Ivan Petrov” (up to 300 characters); "
            "they help the recognizer spell them. Send - to clear."
        ),
        invalid=(
            ("speakers", "speakers: a number from 1 to 10, a range such as 2-4, or auto"),
            ("language", "language: a two-letter language code such as en, ru, de, or auto"),
            ("vocabulary", "vocabulary: names and terms, up to 300 characters"),
        ),
        caption_problems=(
            "⚠️ I did not use these lines of the caption:\n{lines}\n"
            "The recording is processed with your defaults for them (/options)."
        ),
        button_wrong_speakers="👥 Wrong speakers?",
        rediarize_ask=(
            "How many people speak in “{title}”? I will find who said what again (the words stay as they are) "
            "and redo the summary. Names given to the speakers are reset."
        ),
        button_count_auto="Auto",
        rediarize_started="👥 Finding the speakers again ({count})… The summary follows.",
        rediarize_no_audio=(
            "I no longer keep the audio of this call, so I cannot find its speakers again. Send the recording once "
            "more with a caption such as “speakers: 3”."
        ),
        rediarize_stalled=(
            "⚠️ The transcription server reported no progress for {stalled}, so I stopped finding the speakers "
            "again. The transcript stays as it was; try “Wrong speakers?” again later."
        ),
        rediarize_failed="⚠️ I could not find the speakers again: {reason}. The transcript stays as it was.",
        rediarize_done="👥 Speakers found again: {count}. Names were reset; rename them in /speakers.",
    ),
)
