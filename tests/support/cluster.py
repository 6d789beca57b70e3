"""The distributed mode with real processes for tests: a Redis server (password, append-only file), a stateless API
and two workers (``python -m transcription_api.worker``, packaged tiny.en) sharing one data folder. The workers
decode through the drill's stand-in ffmpeg (tests/support/ffmpeg_drill.sh), so a test can hold a job inside one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.drills import drill_settings
from tests.support.redis_server import RedisServer
from tests.support.transcription_service import TranscriptionService, TranscriptionWorker


class Cluster:
    """Redis, the API and ``workers`` workers (two unless told); the data folder is the volume they share."""

    def __init__(
        self, root: Path, redis_server: RedisServer, api_key: str, settings: dict[str, str], workers: int = 2
    ) -> None:
        self.redis = redis_server
        self.gates = root / "gates"
        self.data = root / "data"
        self.settings = {
            **drill_settings(self.gates),
            "TRANSCRIBE_QUEUE_URL": redis_server.url,
            "TRANSCRIBE_LOG_LEVEL": "info",
            **settings,
        }
        self.api = TranscriptionService(self.data, api_key=api_key, settings=self.settings)
        self.workers = [TranscriptionWorker(self.data, api_key=api_key, settings=self.settings) for _ in range(workers)]

    def start(self) -> Cluster:
        for worker in self.workers:
            worker.launch()  # both load their model at once
        self.api.start()
        for worker in self.workers:
            worker.wait_ready(timeout=300)
        return self

    def stop(self) -> None:
        for process in (self.api, *self.workers):
            process.stop()

    def job(self, task_id: str) -> dict[str, str]:
        """The job as the store holds it (reading it here counts as no fetch)."""
        return dict(self.redis.client().hgetall(f"transcribe:job:{task_id}"))  # type: ignore[arg-type]

    def worker_of(self, task_id: str) -> TranscriptionWorker:
        owner = self.job(task_id)["owner"]
        (worker,) = [w for w in self.workers if w.running and owner.endswith(f"-{w.pid}")]
        return worker

    def uploads(self) -> list[Path]:
        return list((self.data / "uploads").iterdir())

    def with_workers(self, count: int) -> list[TranscriptionWorker]:
        """Exactly ``count`` workers running, whatever an earlier test left (it may have killed one): the extra ones
        stopped, stopped ones started again, as a supervisor would. The running workers."""
        running = [w for w in self.workers if w.running]
        for worker in running[count:]:
            worker.stop()
        for worker in [w for w in self.workers if not w.running][: max(0, count - len(running))]:
            worker.start(timeout=300)
        return [w for w in self.workers if w.running]


@contextmanager
def running(cluster: Cluster) -> Iterator[Cluster]:
    """``cluster`` started; on the way out its processes and then its Redis server are stopped."""
    try:
        yield cluster.start()
    finally:
        cluster.stop()
        cluster.redis.stop()
