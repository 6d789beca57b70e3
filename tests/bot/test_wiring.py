"""The bot's parts are built once, in the wiring: every model user shares one client, closed with the runtime."""

from __future__ import annotations

from pathlib import Path

import openai
import pytest
from telegram import Bot

from bot.app import wiring
from bot.shared.settings import BotSettings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("miniapp_url", [None, "https://calls.example/app"])
async def test_every_model_user_shares_one_client_closed_with_the_runtime(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, miniapp_url: str | None
) -> None:
    made: list[openai.AsyncOpenAI] = []
    real = wiring.build_openai_client

    def counted(base_url: str | None, api_key: str | None, timeout: float, proxy: str | None) -> openai.AsyncOpenAI:
        made.append(real(base_url, api_key, timeout, proxy))
        return made[-1]

    settings = BotSettings(
        _env_file=None,
        telegram_token="123:test",
        transcription_api_url="http://127.0.0.1:9",  # type: ignore[call-arg]
        database_path=tmp_path / "bot.sqlite3",
        work_dir=tmp_path / "work",
        llm_base_url="http://127.0.0.1:9/v1",
        embedding_model="embedder",
        miniapp_url=miniapp_url,
    )
    monkeypatch.setattr(wiring, "build_openai_client", counted)
    runtime = await wiring.open_runtime(settings, Bot(settings.telegram_token or ""))
    assert made == [runtime.llm]  # the summarizer, answers, embeddings, names and the Mini App: one client
    assert (runtime.miniapp is not None) == (miniapp_url is not None)
    await wiring.close_runtime(runtime)
    assert runtime.llm is not None and runtime.llm.is_closed()


async def test_without_a_model_no_client_is_made(tmp_path: Path) -> None:
    settings = BotSettings(
        _env_file=None,
        telegram_token="123:test",
        transcription_api_url="http://127.0.0.1:9",  # type: ignore[call-arg]
        database_path=tmp_path / "bot.sqlite3",
        work_dir=tmp_path / "work",
        llm_base_url=None,
        llm_api_key=None,
    )
    runtime = await wiring.open_runtime(settings, Bot(settings.telegram_token or ""))
    assert runtime.llm is None
    await wiring.close_runtime(runtime)
