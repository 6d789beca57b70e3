"""A real transcription API under uvicorn (a subprocess) with the packaged model, and helpers to talk to it."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import imageio_ffmpeg
import pytest

from tests.speech import MEETING, Dialogue, synthesize, tools_available
from tests.support.drills import Gate, drill_settings
from tests.support.transcription_service import TranscriptionService
from tests.support.waiting import wait_for

API_KEY = "test-key"


# The service tests run the packaged multilingual base model on all cores, as a default install does.
BASE_MODEL = {"TRANSCRIBE_MODEL": "packaged-base", "TRANSCRIBE_CPU_THREADS": "0"}


class Client:
    """Small synchronous client for the /transcribe API."""

    def __init__(self, base_url: str, key: str | None = API_KEY) -> None:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.http = httpx.Client(base_url=base_url, headers=headers, timeout=60)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()

    def submit(self, path: Path, **fields: Any) -> httpx.Response:
        with path.open("rb") as handle:
            return self.http.post(
                "/transcribe/", files={"file": (path.name, handle)}, data={k: str(v) for k, v in fields.items()}
            )

    def submit_ok(self, path: Path, **fields: Any) -> str:
        response = self.submit(path, **fields)
        assert response.status_code == 200, response.text
        return str(response.json()["task_id"])

    def status(self, task_id: str) -> dict[str, Any]:
        response = self.http.get(f"/transcribe/status/{task_id}")
        assert response.status_code == 200, response.text
        return dict(response.json())

    def gone(self, task_id: str) -> bool:
        return self.http.get(f"/transcribe/status/{task_id}").status_code == 404

    def wait(self, task_id: str, timeout: float = 240.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.http.get(f"/transcribe/status/{task_id}").json()
            if status["status"] in ("completed", "failed", "cancelled"):
                return dict(self.http.get(f"/transcribe/result/{task_id}").json())
            time.sleep(0.3)
        raise AssertionError(f"job {task_id} did not finish in {timeout:g} s; last status: {status}")

    def idle(self, timeout: float = 240.0) -> None:
        """Wait until the service has no queued or running job, so that positions and counts seen next are this
        test's own (the services are shared by the session; an earlier test may still have a job running)."""
        wait_for(
            lambda: self.http.get("/health").json()["queue"] == {"queued": 0, "processing": 0},
            timeout,
            "the shared service's queue to drain (an earlier test left jobs running)",
        )


@pytest.fixture(scope="session")
def dialogue(tmp_path_factory: pytest.TempPathFactory) -> Dialogue:
    assert tools_available(), "espeak-ng and sox are needed (scripts/setup.sh installs them)"
    return synthesize(MEETING, tmp_path_factory.mktemp("speech") / "meeting.wav")


@pytest.fixture(scope="session")
def tiny_engine(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The engine itself in this process, with the packaged tiny.en model (for what the HTTP API cannot show:
    blocks, progress callbacks, the work folder)."""
    from transcription_api.engine.pipeline import Engine
    from transcription_api.settings import ApiSettings

    return Engine(ApiSettings(model="packaged-tiny.en", data_dir=tmp_path_factory.mktemp("engine"), cpu_threads=0))


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


# The drill service: tiny model, a stand-in ffmpeg that can hold a decode (tests/support/ffmpeg_drill.sh), and short
# limits so that retention and the duration limit are cheap to reach. Values are in the settings' own units (hours).
DRILL_LIMITS = {
    "TRANSCRIBE_RETENTION_HOURS": "0.0005",  # 1.8 s after the first fetch
    "TRANSCRIBE_UNFETCHED_RETENTION_HOURS": "0.005",  # 18 s after finishing, for results nobody fetched
    "TRANSCRIBE_PURGE_INTERVAL_S": "0.2",
    "TRANSCRIBE_MAX_DURATION_HOURS": "0.005",  # 18 s
}
LIMIT_TEXT = "18 s"


class Drill:
    """The drill service, its gates, and a read-only look at its job database."""

    def __init__(self, service: TranscriptionService, directory: Path) -> None:
        self.service = service
        self.directory = directory
        self._gates: list[Gate] = []

    def gate(self) -> Gate:
        gate = Gate(self.directory)
        self._gates.append(gate)
        return gate

    def release_all(self) -> None:
        """After each test: a failed test must not leave the worker held for the next one."""
        for gate in self._gates:
            gate.release()
        self._gates.clear()

    def rows(self, where: str = "1", *args: object) -> list[dict[str, Any]]:
        """Job rows as the service stored them (reading them here does not count as a fetch)."""
        uri = f"file:{self.service.data_dir / 'jobs.sqlite3'}?mode=ro"
        with sqlite3.connect(uri, uri=True) as db:
            db.row_factory = sqlite3.Row
            return [dict(row) for row in db.execute(f"SELECT * FROM jobs WHERE {where}", args)]

    def uploads(self) -> set[Path]:
        return set((self.service.data_dir / "uploads").iterdir())


@pytest.fixture(scope="session")
def drill(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Drill]:
    root = tmp_path_factory.mktemp("drill")
    settings = {**drill_settings(root / "gates"), **DRILL_LIMITS}
    server = TranscriptionService(root / "data", api_key=API_KEY, settings=settings)
    server.start()
    yield Drill(server, root / "gates")
    server.stop()


@pytest.fixture
def drill_client(drill: Drill) -> Iterator[Client]:
    c = Client(drill.service.url)
    yield c
    c.http.close()
    drill.release_all()


@pytest.fixture(scope="session")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few seconds of one voice: quick to transcribe, under the drill's duration limit."""
    return synthesize([("bob", "Please send the contract today.")], tmp_path_factory.mktemp("clip") / "clip.wav").path


@pytest.fixture(scope="session")
def endless_webm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 s of audio in a WebM written as a stream: its container does not say how long it is."""
    path = tmp_path_factory.mktemp("webm") / "stream.webm"
    with path.open("wb") as out:  # written to a pipe, the muxer cannot go back to record the duration
        subprocess.run(
            [
                imageio_ffmpeg.get_ffmpeg_exe(),
                "-v",
                "error",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=300:duration=20",
                "-c:a",
                "libopus",
                "-f",
                "webm",
                "pipe:1",
            ],
            stdout=out,
            check=True,
        )
    return path
