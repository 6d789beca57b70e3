"""A real transcription API under uvicorn (a subprocess) with the packaged model, and helpers to talk to it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.speech import MEETING, Dialogue, synthesize, tools_available
from tests.support.transcription_service import TranscriptionService

API_KEY = "test-key"


# The service tests run the packaged multilingual base model on all cores, as a default install does.
BASE_MODEL = {"TRANSCRIBE_MODEL": "packaged-base", "TRANSCRIBE_CPU_THREADS": "0"}


class Client:
    """Small synchronous client for the /transcribe API."""

    def __init__(self, base_url: str, key: str | None = API_KEY) -> None:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.http = httpx.Client(base_url=base_url, headers=headers, timeout=60)

    def submit(self, path: Path, **fields: Any) -> httpx.Response:
        with path.open("rb") as handle:
            return self.http.post(
                "/transcribe/", files={"file": (path.name, handle)}, data={k: str(v) for k, v in fields.items()}
            )

    def submit_ok(self, path: Path, **fields: Any) -> str:
        response = self.submit(path, **fields)
        assert response.status_code == 200, response.text
        return str(response.json()["task_id"])

    def wait(self, task_id: str, timeout: float = 240.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.http.get(f"/transcribe/status/{task_id}").json()
            if status["status"] in ("completed", "failed", "cancelled"):
                return dict(self.http.get(f"/transcribe/result/{task_id}").json())
            time.sleep(0.3)
        raise AssertionError(f"job {task_id} did not finish in {timeout}s")


@pytest.fixture(scope="session")
def dialogue(tmp_path_factory: pytest.TempPathFactory) -> Dialogue:
    assert tools_available(), "espeak-ng and sox are needed (scripts/setup.sh installs them)"
    return synthesize(MEETING, tmp_path_factory.mktemp("speech") / "meeting.wav")


@pytest.fixture(scope="session")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TranscriptionService]:
    """The shared service: API key on, 2 MB upload limit (so the 413 path is cheap to reach)."""
    settings = {**BASE_MODEL, "TRANSCRIBE_MAX_UPLOAD_MB": "2"}
    server = TranscriptionService(tmp_path_factory.mktemp("api") / "data", api_key=API_KEY, settings=settings)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def client(api: TranscriptionService) -> Iterator[Client]:
    c = Client(api.url)
    yield c
    c.http.close()
