"""Names heard in a call, through the real bot (PTB against the emulator): a call whose two speakers introduce
themselves is processed (its transcript stored through ``database/``, the pipeline resumes at the summary) and
both names come as one-tap buttons under the summary and in /speakers — from the patterns without an LLM, from
the fake model with one. A tap renames the speaker and edits the summary; a forged button does nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from bot.buttons.codec import decode, encode, head_of
from bot.speakers.name_buttons import ApplyHeardName
from bot.summaries.buttons import RegenerateSummary
from database import CallStatus, Database, NamedBy
from database.calls import NewCall
from tests.bot.conftest import make_settings
from tests.bot.conversation_support import StoredCall, dead_api, segments_of
from tests.bot.harness import running_bot
from tests.fakes.bot_api import BotApiEmulator, BotMessage, TgUser
from tests.fakes.llm_server import FakeLLM, default_responder
from tests.support import media
from tests.support.transcription_service import TranscriptionService

INTRODUCTIONS = StoredCall(
    "Kickoff",
    [
        ("SPEAKER_00", "Hi, I'm Maria, I lead the marketing side."),
        ("SPEAKER_01", "Hello, my name is David and I build the app."),
        ("SPEAKER_00", "Great. The budget for the launch is ten thousand dollars."),
        ("SPEAKER_01", "Then the app ships on Friday after testing."),
    ],
)
RUSSIAN = StoredCall(
    "Знакомство",
    [
        ("SPEAKER_00", "Здравствуйте, меня зовут Мария, я отвечаю за маркетинг."),
        ("SPEAKER_01", "Привет, это Давид. Я делаю мобильное приложение."),
        ("SPEAKER_00", "Спасибо, Давид. Бюджет запуска десять тысяч долларов."),
    ],
)
OBLIQUE = StoredCall(  # said in ways the patterns do not know: only a model hears these names
    "Oblique",
    [
        ("SPEAKER_00", "Maria, that is me, runs the marketing side."),
        ("SPEAKER_01", "And everybody around calls this guy David."),
        ("SPEAKER_00", "The budget for the launch is ten thousand dollars."),
    ],
)


async def seed_processing(path: Path, user_id: int, stored: StoredCall, language: str = "en") -> int:
    """A call whose transcript is in and whose summary is next (as a restart finds it); returns its id."""
    from bot.shared.transcripts import speakers_from

    db = await Database.open(path)
    try:
        await db.users.upsert(user_id, language, "Tester")
        call = await db.calls.create(
            NewCall(
                user_id,
                user_id,
                "audio",
                f"f-{stored.title}",
                f"u-{stored.title}",
                f"{stored.title}.mp3",
                "audio/mpeg",
                1000,
            )
        )
        segments = segments_of(stored.lines)
        await db.transcripts.replace(user_id, call.id, segments, speakers_from(segments))
        await db.calls.update(
            user_id,
            call.id,
            status=CallStatus.SUMMARIZING,
            language=language,
            title=stored.title,
            duration=segments[-1].end,
        )
        return call.id
    finally:
        await db.aclose()


def names_from_a_model(messages: list[dict[str, Any]]) -> str:
    """Names with quotes, as a model would hear them in OBLIQUE; one invented name, which must not get through."""
    if not str(messages[0]["content"]).startswith("You find the names"):
        return default_responder(messages)
    return json.dumps(
        {
            "names": [
                {"speaker": "S1", "name": "Maria", "quote": "Maria, that is me"},
                {"speaker": "S2", "name": "David", "quote": "calls this guy David"},
                {"speaker": "S2", "name": "Boris", "quote": "Boris is here"},
            ]
        }
    )


def name_buttons(message: BotMessage) -> list[tuple[str, str]]:
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    named = f"{head_of(ApplyHeardName)}:"
    buttons = [(b["text"], str(b.get("callback_data"))) for row in rows for b in row]
    return [(text, data) for text, data in buttons if data.startswith(named)]


def summary_of(emulator: BotApiEmulator, chat_id: int) -> BotMessage | None:
    regenerate = f"{head_of(RegenerateSummary)}:"
    return next((m for m in emulator.messages(chat_id) if any(b.startswith(regenerate) for b in m.buttons)), None)


async def test_introductions_are_suggested_without_an_llm_and_a_tap_renames(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    user, stranger = TgUser(701), TgUser(702)
    settings = make_settings(tmp_path, emulator, dead_api())
    call_id = await seed_processing(settings.database_path, user.id, INTRODUCTIONS)
    async with running_bot(settings):
        summary = await emulator.wait_for(lambda: summary_of(emulator, user.id))
        (maria, maria_data), (david, david_data) = name_buttons(summary)
        assert (maria, david) == ("✅ Speaker 1 → Maria", "✅ Speaker 2 → David")
        assert decode(maria_data) == ApplyHeardName(call_id, int(maria_data.rpartition(":")[2]))

        emulator.press(stranger, summary, maria_data)  # another user's forged tap
        emulator.press(user, summary, encode(ApplyHeardName(call_id, 999)))  # a suggestion the call does not have
        await emulator.wait_for(lambda: len(emulator.callback_answers) == 2)
        assert [a["text"] for a in emulator.callback_answers.values()] == [
            "This is not your call.",
            "This suggestion no longer applies.",
        ]

        tapped = emulator.press(user, summary, maria_data)
        await emulator.wait_for(lambda: tapped in emulator.callback_answers)
        assert emulator.callback_answers[tapped]["text"] == "✏️ Speaker 1 is now Maria."
        assert "Maria" in (summary.text or "") and len(summary.edits) == 2  # the summary is edited in place
        assert name_buttons(summary) == [("✅ Speaker 2 → David", david_data)]  # the applied one is gone

        emulator.send_text(user, "/speakers")
        view = await emulator.wait_for(
            lambda: next((m for m in emulator.messages(user.id) if m.text and m.text.startswith("<b>Speakers")), None)
        )
        shown = view.text or ""
        assert "Names heard in the call" in shown and "Speaker 2 → David, heard at [00:06]" in shown
        assert name_buttons(view) == [("✅ Speaker 2 → David", david_data)]
        tapped = emulator.press(user, view, david_data)
        await emulator.wait_for(lambda: tapped in emulator.callback_answers)
        await emulator.wait_for(lambda: len(view.edits) == 2)
        assert "David —" in (view.text or "") and "Names heard" not in (view.text or "")
        assert name_buttons(view) == [] and name_buttons(summary) == []

        again = emulator.press(user, summary, maria_data)  # a second tap on a name already applied
        await emulator.wait_for(lambda: again in emulator.callback_answers)
        assert emulator.callback_answers[again]["text"] == "This suggestion no longer applies."
    db = await Database.open(settings.database_path)
    try:
        named = {s.label: (s.name, s.named_by) for s in await db.transcripts.speakers(user.id, call_id)}
        heard = NamedBy.CONVERSATION  # applied with one tap: a name heard in the call
        assert named == {"SPEAKER_00": ("Maria", heard), "SPEAKER_01": ("David", heard)}
    finally:
        await db.aclose()


async def test_a_russian_call_gets_its_names_in_russian(tmp_path: Path, emulator: BotApiEmulator) -> None:
    user = TgUser(706, language_code="ru")
    settings = make_settings(tmp_path, emulator, dead_api())
    await seed_processing(settings.database_path, user.id, RUSSIAN, language="ru")
    async with running_bot(settings):
        summary = await emulator.wait_for(lambda: summary_of(emulator, user.id))
        assert [text for text, _ in name_buttons(summary)] == ["✅ Спикер 1: это Мария", "✅ Спикер 2: это Давид"]


async def test_two_quick_taps_both_reach_the_summary(tmp_path: Path, emulator: BotApiEmulator) -> None:
    user = TgUser(705)
    settings = make_settings(tmp_path, emulator, dead_api())
    await seed_processing(settings.database_path, user.id, INTRODUCTIONS)
    async with running_bot(settings):
        summary = await emulator.wait_for(lambda: summary_of(emulator, user.id))
        taps = [emulator.press(user, summary, data) for _, data in name_buttons(summary)]
        await emulator.wait_for(lambda: all(tap in emulator.callback_answers for tap in taps))
        await emulator.wait_for(lambda: not name_buttons(summary))
    text = summary.text or ""
    assert "Maria" in text and "David" in text and "Speaker 1" not in text and "Speaker 2" not in text


async def test_a_model_hears_names_and_a_failing_one_leaves_them_to_the_patterns(
    tmp_path: Path, emulator: BotApiEmulator, fake_llm: FakeLLM
) -> None:
    user = TgUser(703)
    fake_llm.responder = names_from_a_model
    settings = make_settings(tmp_path, emulator, dead_api(), llm_base_url=fake_llm.base_url)
    oblique = await seed_processing(settings.database_path, user.id, OBLIQUE)
    async with running_bot(settings):
        summary = await emulator.wait_for(lambda: summary_of(emulator, user.id))
        assert [text for text, _ in name_buttons(summary)] == ["✅ Speaker 1 → Maria", "✅ Speaker 2 → David"]
    (asked,) = [r["messages"] for r in fake_llm.requests if r["messages"][0]["content"].startswith("You find")]
    assert asked[-1]["content"].startswith("<transcript>\n[00:00] S1: Maria, that is me")  # fenced, labels hidden
    assert asked[-1]["content"].endswith("</transcript>") and "SPEAKER_0" not in asked[-1]["content"]

    fake_llm.responder = default_responder  # a model that answers the names request with something else
    emulator.sent.clear()
    second = await seed_processing(settings.database_path, user.id, INTRODUCTIONS)
    async with running_bot(settings):
        summary = await emulator.wait_for(lambda: summary_of(emulator, user.id))
        assert [text for text, _ in name_buttons(summary)] == ["✅ Speaker 1 → Maria", "✅ Speaker 2 → David"]
    assert oblique != second


async def test_a_spoken_call_through_the_service_gets_both_names_suggested(
    tmp_path: Path, emulator: BotApiEmulator, transcription_service: TranscriptionService
) -> None:
    """The whole way: two synthesized voices introduce themselves (one in the middle of a turn), the real service
    transcribes and diarizes."""
    user = TgUser(704)
    wav = media.synthesize_lines(
        tmp_path / "intro.wav",
        [
            ("A", "Hi, I'm Maria. I lead the marketing side of the launch."),
            ("B", "Hello, sorry, I was on mute, this is David from the app team."),  # introduced mid-turn
            ("A", "Good. The budget for the launch is ten thousand dollars."),
            ("B", "Then the app ships on Friday after the final testing."),
        ],
    )
    settings = make_settings(tmp_path, emulator, transcription_service.url)
    async with running_bot(settings):
        emulator.send_media(user, "voice", media.to_voice_note(wav, tmp_path / "intro.ogg"), mime="audio/ogg")
        summary = await emulator.wait_for(lambda: summary_of(emulator, user.id), timeout=180)
    assert [text for text, _ in name_buttons(summary)] == ["✅ Speaker 1 → Maria", "✅ Speaker 2 → David"]


async def test_a_name_heard_for_a_speaker_recognised_by_voice_is_offered_after_no(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    """The voice says Alice (a profile from an earlier call), the call says "this is Maria" mid-turn, and the
    "Tanks" (for "Thanks") the recognizer was unsure of: the summary offers nothing for Speaker 2 while it is
    "Alice 🔊"; after "❌ Not Alice" the summary, edited in place, offers Maria; "Tanks" is never offered."""
    from bot.shared.transcripts import speakers_from
    from bot.speakers.voices.matching import pack
    from bot.texts import EN
    from database import Segment, Word

    user = TgUser(707)
    settings = make_settings(tmp_path, emulator, dead_api())
    lines = [
        ("SPEAKER_01", [("Hello?", 0.9), ("Can", 0.97), ("you", 0.99), ("hear", 0.99), ("me?", 0.98)]),
        (
            "SPEAKER_00",
            [
                ("Yes,", 0.96),
                ("sorry", 0.9),
                ("I'm", 0.95),
                ("late,", 0.97),
                ("this", 0.99),
                ("is", 0.99),
                ("Maria", 0.93),
                ("from", 0.98),
                ("the", 0.99),
                ("Berlin", 0.95),
                ("office.", 0.97),
            ],
        ),
        ("SPEAKER_01", [("Welcome.", 0.95), ("The", 0.99), ("report", 0.97), ("is", 0.99), ("ready.", 0.96)]),
        (
            "SPEAKER_00",
            [("Tanks,", 0.21), ("can", 0.95), ("you", 0.99), ("share", 0.97), ("the", 0.99), ("numbers?", 0.96)],
        ),
    ]  # "Thanks" mis-heard: to Speaker 2 were it a name
    segments = [
        Segment(
            i * 6.0,
            i * 6.0 + 5.5,
            " ".join(w for w, _ in words),
            label,
            tuple(Word(w, None, None, label, p) for w, p in words),
        )
        for i, (label, words) in enumerate(lines)
    ]
    alice = pack(np.random.default_rng(3).normal(size=256))
    db = await Database.open(settings.database_path)
    try:
        await db.users.upsert(user.id, "en", "Tester")
        earlier, call = [
            await db.calls.create(NewCall(user.id, user.id, "audio", f"f{n}", f"u{n}", "c.mp3", "audio/mpeg", 1000))
            for n in (1, 2)
        ]
        for one in (earlier, call):
            await db.transcripts.replace(user.id, one.id, segments, speakers_from(segments))
            await db.voices.save_speakers(user.id, one.id, [("SPEAKER_00", "resemblyzer 0.1.4", alice)])
        person = await db.voices.learn(user.id, earlier.id, "SPEAKER_00", "Alice")
        await db.calls.update(user.id, earlier.id, status=CallStatus.DONE)
        await db.voices.recognise(user.id, call.id, "SPEAKER_00", person or 0, "voice")
        await db.calls.update(
            user.id, call.id, status=CallStatus.SUMMARIZING, language="en", title="Sync", duration=segments[-1].end
        )
    finally:
        await db.aclose()
    async with running_bot(settings):
        summary = await emulator.wait_for(lambda: summary_of(emulator, user.id))
        question = await emulator.wait_for(
            lambda: next((m for m in emulator.messages(user.id) if (m.text or "").startswith("🔊")), None)
        )
        assert question.text == EN.voices.check_named.format(plain="Speaker 2", name="Alice")
        assert "Alice 🔊" in (summary.text or "") and name_buttons(summary) == []
        (_, no) = question.buttons
        emulator.press(user, question, no)
        await emulator.wait_for(lambda: name_buttons(summary) != [])
        assert [text for text, _ in name_buttons(summary)] == ["✅ Speaker 2 → Maria"]
        assert "Alice" not in (summary.text or "") and "Speaker 1" in (summary.text or "")
