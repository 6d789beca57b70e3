"""The bot's parts are built once, in the wiring, and its packages import each other without cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import openai
import pytest
from telegram import Bot

from bot.app import wiring
from bot.shared.settings import BotSettings
from scripts.import_cycles import cycles, package_graph

ROOT = Path(__file__).resolve().parents[2]


def _called_classes(path: Path) -> set[str]:
    """Names of the classes a module calls: capitalized names called bare or as an attribute (``a.B()``)."""
    called = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name[:1].isupper():
                called.add(name)
    return called


def test_no_package_of_the_bot_imports_back_into_one_that_imports_it() -> None:
    graph = package_graph(ROOT, "bot")
    assert "bot.views" in graph["bot.app.handlers"]  # the graph is read: handlers show what users see
    assert cycles(graph) == []


def test_the_shared_blocks_import_no_other_part_of_the_bot() -> None:
    graph = package_graph(ROOT, "bot")
    assert graph["bot.shared"] == set()
    assert "bot.shared" in graph["bot.questions"] and "bot.shared" in graph["bot.views"]


def test_a_cycle_round_three_packages_is_found_and_type_only_imports_are_not(tmp_path: Path) -> None:
    files = {
        "top/__init__.py": "",
        "top/a/__init__.py": "",
        "top/a/one.py": "from top.b.two import X\n",
        "top/b/__init__.py": "",
        "top/b/two.py": "from ..c import three\nX = 1\n",
        "top/c/__init__.py": "",
        "top/c/three.py": "import top.a.one\n",
        "top/d/__init__.py": "",
        "top/d/four.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from top.a import one\n",
        "top/a/five.py": "from top.d import four\n",
    }
    for name, source in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source)
    graph = package_graph(tmp_path, "top")
    assert graph["top.b"] == {"top.c"}  # a relative import counts as the absolute one
    assert graph["top.d"] == set()  # imported only for type checking: never at run time
    assert cycles(graph) == [["top.a", "top.b", "top.c"]]


def test_handlers_construct_none_of_the_services_the_wiring_builds() -> None:
    services = _called_classes(ROOT / "bot" / "wiring.py")
    assert {"SummaryMessages", "VoiceRecognition", "Rediarizer", "QuestionService", "CallPipeline"} <= services
    built = {
        f"{path.name}: {name}"
        for path in sorted((ROOT / "bot" / "handlers").glob("*.py"))
        for name in _called_classes(path) & services
    }
    assert built == set()


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
        _env_file=None, telegram_token="123:test", transcription_api_url="http://127.0.0.1:9",  # type: ignore[call-arg]
        database_path=tmp_path / "bot.sqlite3", work_dir=tmp_path / "work", llm_base_url="http://127.0.0.1:9/v1",
        embedding_model="embedder", miniapp_url=miniapp_url,
    )  # fmt: skip
    monkeypatch.setattr(wiring, "build_openai_client", counted)
    runtime = await wiring.open_runtime(settings, Bot(settings.telegram_token or ""))
    assert made == [runtime.llm]  # the summarizer, answers, embeddings, names and the Mini App: one client
    assert (runtime.miniapp is not None) == (miniapp_url is not None)
    await wiring.close_runtime(runtime)
    assert runtime.llm is not None and runtime.llm.is_closed()


async def test_without_a_model_no_client_is_made(tmp_path: Path) -> None:
    settings = BotSettings(
        _env_file=None, telegram_token="123:test", transcription_api_url="http://127.0.0.1:9",  # type: ignore[call-arg]
        database_path=tmp_path / "bot.sqlite3", work_dir=tmp_path / "work", llm_base_url=None, llm_api_key=None,
    )  # fmt: skip
    runtime = await wiring.open_runtime(settings, Bot(settings.telegram_token or ""))
    assert runtime.llm is None
    await wiring.close_runtime(runtime)
