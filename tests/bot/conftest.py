"""Fixtures: the Bot API emulator, the fake LLM, the real transcription service, synthesized recordings."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.shared.settings import BotSettings
from tests.fakes.bot_api import BotApiEmulator
from tests.fakes.llm_server import FakeLLM
from tests.fakes.sentence_model import SentenceModel
from tests.support import media
from tests.support.transcription_service import TranscriptionService

SERVICE_KEY = "bot-test-key"  # the shared service requires a Bearer key, as in production


@pytest.fixture(scope="session")
def recordings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("recordings")
    wav = media.synthesize_call(root / "call.wav")
    long_wav = media.synthesize_call(root / "long.wav", repeats=4)
    notes = root / "notes.pdf"
    notes.write_bytes(b"%PDF-1.4 not a recording")
    return {
        "wav": wav,
        "voice": media.to_voice_note(wav, root / "voice.ogg"),
        "video": media.to_video(wav, root / "meeting.mp4"),
        "video_note": media.to_video(wav, root / "round.mp4", size="240x240"),
        "silent_video": media.to_video(None, root / "silent.mp4"),
        "long_voice": media.to_voice_note(long_wav, root / "long.ogg"),
        "pdf": notes,
    }


@pytest.fixture(scope="session")
def transcription_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TranscriptionService]:
    data_dir = tmp_path_factory.mktemp("transcription") / "data"
    service = TranscriptionService(data_dir, api_key=SERVICE_KEY).start()
    yield service
    service.stop()


@pytest.fixture
async def emulator(tmp_path: Path) -> AsyncIterator[BotApiEmulator]:
    emu = BotApiEmulator(files_dir=tmp_path / "telegram-bot-api")
    await emu.start()
    yield emu
    await emu.stop()


@pytest.fixture
async def fake_llm() -> AsyncIterator[FakeLLM]:
    llm = FakeLLM()
    await llm.start()
    yield llm
    await llm.stop()


@pytest.fixture(scope="session")
def sentence_model() -> SentenceModel:
    """A real sentence-embedding model (loaded at its first use, once per session)."""
    return SentenceModel()


@pytest.fixture
async def semantic_llm(sentence_model: SentenceModel) -> AsyncIterator[FakeLLM]:
    """The fake OpenAI server with real embeddings behind /v1/embeddings."""
    llm = FakeLLM(embed=sentence_model)
    await llm.start()
    yield llm
    await llm.stop()


def make_settings(tmp_path: Path, emulator: BotApiEmulator, api_url: str, **overrides: object) -> BotSettings:
    values: dict[str, object] = {
        "telegram_token": emulator.token,
        "telegram_api_url": emulator.base_url,
        "telegram_file_url": emulator.file_url,
        "telegram_local_mode": emulator.local_mode,
        "transcription_api_url": api_url,
        "transcription_api_key": SERVICE_KEY,
        "transcription_language": "en",
        "database_path": tmp_path / "bot.sqlite3",
        "work_dir": tmp_path / "work",
        "poll_interval": 0.3,
        "progress_edit_interval": 0.5,
        "retry_initial_delay": 0.3,
        "retry_max_delay": 1.0,
        "llm_base_url": None,
        "llm_api_key": None,
    }
    if emulator.files_dir is not None:
        values["telegram_files_dir"] = emulator.files_dir
    values.update(overrides)
    return BotSettings(_env_file=None, **values)  # type: ignore[arg-type]
