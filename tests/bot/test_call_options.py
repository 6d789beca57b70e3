"""Per-call options: /options defaults (English and Russian), a caption's option lines reaching the service (and a
bad one answered), and "Wrong speakers?" finding a call's speakers again without a second transcription."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx

from bot.buttons.codec import encode
from bot.options.buttons import ChooseOption, OptionKey
from bot.options.call_options import LANGUAGES, CallOptions
from bot.options.captions import options_from_caption
from bot.pipeline.rediarizing import given_words
from bot.shared.speaker_names import speaker_name
from bot.speakers.buttons import AskSpeakerCount, FindSpeakers
from database import Database, Segment, Word
from tests.bot.conftest import SERVICE_KEY, make_settings
from tests.bot.conversation_support import dead_api
from tests.bot.harness import running_bot
from tests.bot.miniapp_support import miniapp_settings
from tests.fakes.bot_api import BotApiEmulator, BotMessage, TgUser
from tests.fakes.gate_proxy import GateProxy
from tests.support.transcription_service import TranscriptionService
from tests.support.waiting import eventually
from transcription_api.engine.languages import supported_languages

ASR_SECONDS = re.compile(r"^transcription_asr_audio_seconds_total ([0-9.e+-]+)$", re.MULTILINE)


def test_caption_lines_set_options_and_other_lines_are_left_alone() -> None:
    defaults = CallOptions(speakers=(3, 3), language=None, vocabulary="Acme")
    chosen = options_from_caption(
        "Weekly sync\nSpeakers: 2-4\nЯЗЫК: RU\nNote: budget\nсловарь: Kube\x00rnetes,  Ivan", defaults
    )
    assert chosen.problems == ()
    assert chosen.options == CallOptions(speakers=(2, 4), language="ru", vocabulary="Kube rnetes, Ivan")
    assert chosen.options.service_fields() == {
        "min_speakers": "2",
        "max_speakers": "4",
        "language": "ru",
        "initial_prompt": "Kube rnetes, Ivan",
    }
    assert options_from_caption("Just a title", defaults).options == defaults
    assert options_from_caption(None, CallOptions()).options.service_fields() == {}
    assert CallOptions(speakers=(2, 2)).service_fields() == {"num_speakers": "2"}


def test_bad_caption_values_are_named_and_the_defaults_kept() -> None:
    defaults = CallOptions(speakers=(3, 3), language="en")
    caption = f"speakers: 12\nspeakers: 2\nlanguage: klingon\nspeakers: 4-2\nvocabulary: {'x' * 301}\nспикеры: 0"
    chosen = options_from_caption(caption, defaults)
    assert [p.option for p in chosen.problems] == ["speakers", "language", "speakers", "vocabulary", "speakers"]
    assert chosen.problems[0].line == "speakers: 12" and chosen.problems[3].line.endswith("…")
    assert chosen.options == defaults  # a refused option keeps its default, even beside a valid line for it


def test_the_bot_knows_the_languages_the_service_knows() -> None:
    assert supported_languages() == LANGUAGES


def test_given_words_keep_whispers_spacing_and_time_order() -> None:
    words = ("It", "costs", "$47", ",000", "today.")
    times = [(0.0, 0.2), (0.2, 0.5), (0.5, 0.9), (0.9, 1.2), (1.1, 1.5)]
    segment = Segment(
        0.0,
        1.5,
        "It costs $47,000 today.",
        "SPEAKER_00",
        tuple(Word(w, a, b, "SPEAKER_00") for w, (a, b) in zip(words, times, strict=True)),
    )
    given = given_words([segment])
    assert [w["space_before"] for w in given] == [True, True, True, False, True]
    assert [w["start"] for w in given] == [0.0, 0.2, 0.5, 0.9, 1.1]


def _option(option: OptionKey, value: str) -> str:
    return encode(ChooseOption(option, value))


async def _reply(emulator: BotApiEmulator, user: TgUser, count: int) -> BotMessage:
    return await emulator.wait_for(lambda: len(emulator.messages(user.id)) >= count and emulator.messages(user.id)[-1])


async def test_options_set_the_defaults_in_russian(tmp_path: Path, emulator: BotApiEmulator) -> None:
    user = TgUser(951, language_code="ru")
    settings = make_settings(tmp_path, emulator, dead_api())
    async with running_bot(settings):
        emulator.send_text(user, "/options")
        menu = await _reply(emulator, user, 1)
        assert menu.text.startswith("Настройки расшифровки") and "Спикеры: авто" in menu.text
        assert _option(OptionKey.SPEAKERS, "3") in menu.buttons and _option(OptionKey.LANGUAGE, "ask") in menu.buttons
        emulator.press(user, menu, _option(OptionKey.SPEAKERS, "ask"))
        assert (await _reply(emulator, user, 2)).text.startswith("Сколько спикеров?")
        emulator.send_text(user, "2-4")
        assert "Спикеры: от 2 до 4" in (await _reply(emulator, user, 3)).text
        emulator.press(user, menu, _option(OptionKey.LANGUAGE, "ask"))
        await _reply(emulator, user, 4)
        emulator.send_text(user, "klingon")
        assert (await _reply(emulator, user, 5)).text.startswith("⚠️ язык: двухбуквенный код")
        emulator.send_text(user, "DE")  # still awaited after a refused value
        assert "Язык: de" in (await _reply(emulator, user, 6)).text
        emulator.press(user, menu, _option(OptionKey.VOCABULARY, "ask"))
        await _reply(emulator, user, 7)
        emulator.send_text(user, "Acme,\u202e Kubernetes\u0007")
        assert "Словарь: Acme, Kubernetes" in (await _reply(emulator, user, 8)).text
        emulator.press(user, menu, _option(OptionKey.SPEAKERS, "auto"))
        await emulator.wait_for(lambda: "Спикеры: авто" in (menu.text or ""))
    db = await Database.open(settings.database_path)
    try:
        stored = await db.users.get(user.id)
        assert stored is not None
        assert CallOptions.from_json(stored.transcription_options) == CallOptions(None, "de", "Acme, Kubernetes")
    finally:
        await db.aclose()


def asr_seconds(service: TranscriptionService) -> float:
    text = httpx.get(f"{service.url}/metrics", headers={"Authorization": f"Bearer {SERVICE_KEY}"}).text
    found = ASR_SECONDS.search(text)
    assert found, text
    return float(found.group(1))


async def test_caption_options_reach_the_service_and_wrong_speakers_are_found_again(
    tmp_path: Path,
    emulator: BotApiEmulator,
    transcription_service: TranscriptionService,
    recordings: dict[str, Path],
) -> None:
    user = TgUser(952)
    link = GateProxy(transcription_service.url)  # it keeps the service's status answers: what each job was given
    await link.start()
    settings = miniapp_settings(tmp_path, emulator, link.url)  # the Mini App on: calls keep their audio copy
    try:
        async with running_bot(settings):
            await _set_defaults(emulator, user)
            caption = "Weekly sync\nspeakers: 2\nlanguage: klingon"
            emulator.send_media(user, "voice", recordings["voice"], mime="audio/ogg", caption=caption)
            await emulator.wait_for(lambda: emulator.documents(user.id), timeout=120)
            warning = next(m for m in emulator.messages(user.id) if (m.text or "").startswith("⚠️ I did not use"))
            assert "• language: klingon — language: a two-letter language code" in (warning.text or "")
            (first,) = link.job_options()
            assert (first["num_speakers"], first["min_speakers"], first["initial_prompt"]) == (2, None, "Alice, Friday")
            assert first["language"] == "en" and first["diarize_only"] is False  # the default for the bad line
            await _wrong_speakers(emulator, user, transcription_service, link, settings.database_path)
            (settings.audio_folder / "1.webm").unlink()  # past its retention
            shown = next(m for m in emulator.messages(user.id) if encode(AskSpeakerCount(1)) in m.buttons)
            emulator.press(user, shown, encode(AskSpeakerCount(1)))
            asking = await emulator.wait_for(
                lambda: next((m for m in emulator.messages(user.id) if encode(FindSpeakers(1, 2)) in m.buttons), None)
            )
            emulator.press(user, asking, encode(FindSpeakers(1, 2)))
            await emulator.wait_for(lambda: (emulator.messages(user.id)[-1].text or "").startswith("I no longer keep"))
    finally:
        await link.stop()


async def _set_defaults(emulator: BotApiEmulator, user: TgUser) -> None:
    emulator.send_text(user, "/options")
    menu = await _reply(emulator, user, 1)
    emulator.press(user, menu, _option(OptionKey.SPEAKERS, "3"))
    await emulator.wait_for(lambda: "Speakers: 3" in (menu.text or ""))
    emulator.press(user, menu, _option(OptionKey.VOCABULARY, "ask"))
    await _reply(emulator, user, 2)
    emulator.send_text(user, "Alice, Friday")
    assert "Vocabulary: Alice, Friday" in (await _reply(emulator, user, 3)).text


async def _wrong_speakers(
    emulator: BotApiEmulator, user: TgUser, service: TranscriptionService, link: GateProxy, database: Path
) -> None:
    await emulator.wait_for(lambda: emulator.messages(user.id)[3].text.startswith("✅"))  # the status message
    before = await _stored(database, user.id)
    assert len(before[1]) == 2, before[1]  # two voices, two speakers
    asr = asr_seconds(service)
    emulator.send_text(user, "/speakers")
    shown = await emulator.wait_for(
        lambda: next((m for m in emulator.messages(user.id) if encode(AskSpeakerCount(1)) in m.buttons), None)
    )
    emulator.press(user, shown, encode(AskSpeakerCount(1)))
    asking = await emulator.wait_for(
        lambda: next((m for m in emulator.messages(user.id) if encode(FindSpeakers(1, 1)) in m.buttons), None)
    )
    summaries = len(_summaries(emulator, user))
    emulator.press(user, asking, encode(FindSpeakers(1, 1)))
    await emulator.wait_for(lambda: (asking.text or "").startswith("👥 Finding the speakers again (1)"))
    await emulator.wait_for(lambda: len(emulator.documents(user.id)) == 2, timeout=120)  # delivered again
    assert any(
        (m.text or "") == "👥 Speakers found again: 1. Names were reset; rename them in /speakers."
        for m in emulator.messages(user.id)
    )
    assert len(_summaries(emulator, user)) == summaries + 1  # made again
    assert asr_seconds(service) == asr, "the service ran speech recognition again"
    again = link.job_options()[1]
    assert again["diarize_only"] is True and again["num_speakers"] == 1
    words, speakers = await _stored(database, user.id)
    assert again["words"] == len(words)
    assert [w[:3] for w in words] == [w[:3] for w in before[0]]  # the same words at the same times
    assert {w[3] for w in words} == {"SPEAKER_00"} and speakers == ["Speaker 1"]
    assert "Speaker 2" not in (emulator.documents(user.id)[-1].document or b"").decode()

    async def nothing_owed() -> bool:
        db = await Database.open(database)
        try:
            return await db.deletions.all() == []
        finally:
            await db.aclose()

    await eventually(nothing_owed, "the diarization job is acknowledged (deleted on the service) like any other")


def _summaries(emulator: BotApiEmulator, user: TgUser) -> list[BotMessage]:
    return [m for m in emulator.messages(user.id) if (m.text or "").startswith("<b>Extractive summary")]


async def _stored(database: Path, user_id: int) -> tuple[list[tuple], list[str]]:
    db = await Database.open(database)
    try:
        segments = await db.transcripts.segments(user_id, 1, with_words=True)
        words = [(w.word, w.start, w.end, w.speaker) for s in segments for w in s.words]
        return words, sorted(speaker_name(s, "Speaker") for s in await db.transcripts.speakers(user_id, 1))
    finally:
        await db.aclose()


def test_stored_options_survive_a_bad_row() -> None:
    assert CallOptions.from_json("{not json") == CallOptions()
    assert CallOptions.from_json(json.dumps({"speakers": [2, 4], "language": "de"})) == CallOptions((2, 4), "de")
