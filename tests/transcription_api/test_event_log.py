"""A job's event log in both stores (a real SQLite file, a real Redis server): ids that grow, paging after an id,
writes only while the job runs (fenced to its run in Redis), a terminal event written with the outcome, a cap on
progress and segments, deletion with the job; and the publisher that tells each part of a recording once even
when a crash makes the job run again."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.redis_server import RedisServer
from tests.transcription_api.test_redis_store import claim
from tests.transcription_api.test_store import new_job
from transcription_api.distributed import redis_store
from transcription_api.distributed.redis_store import RedisJobStore
from transcription_api.engine.types import Segment, Stage
from transcription_api.events import sqlite_log
from transcription_api.events.follow import follow
from transcription_api.events.model import BadEventId, EventKind, JobEvent
from transcription_api.events.publisher import EventPublisher
from transcription_api.jobs.store import JobStore

RESULT = {"language": "en", "duration": 30.5, "speakers": ["SPEAKER_00"], "segments": [{"text": "hi"}]}


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


class Sqlite:
    """The embedded store, driven as its worker thread does."""

    def __init__(self, path: Path) -> None:
        self.store = JobStore(path)

    def start(self, job_id: str) -> None:
        self.store.create(new_job(job_id))
        assert self.store.claim_next(3, "poison") is not None

    def publish(self, job_id: str, kind: EventKind, data: dict[str, Any]) -> bool:
        return self.store.publish(job_id, kind, data)

    def complete(self, job_id: str) -> bool:
        return self.store.complete(job_id, RESULT)

    def requeue(self, job_id: str) -> None:
        assert self.store.requeue_interrupted() == 1

    def resume(self, job_id: str) -> None:
        assert self.store.claim_next(3, "poison") is not None


class Redis:
    """The distributed store, driven as a worker's runs do (each claim is a new run)."""

    def __init__(self, url: str) -> None:
        self.store = RedisJobStore(url, prefix=f"test-{uuid.uuid4().hex[:8]}:")
        self.run = ""

    def start(self, job_id: str) -> None:
        self.store.create(new_job(job_id))
        self.resume(job_id)

    def publish(self, job_id: str, kind: EventKind, data: dict[str, Any]) -> bool:
        return self.store.publish(job_id, self.run, kind, data)

    def complete(self, job_id: str) -> bool:
        return self.store.complete(job_id, self.run, RESULT)

    def requeue(self, job_id: str) -> None:
        assert self.store.requeue(job_id, self.run)

    def resume(self, job_id: str) -> None:
        self.run = uuid.uuid4().hex
        assert claim(self.store, run=self.run) is not None


@pytest.fixture(params=["sqlite", "redis"])
def log(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Sqlite | Redis]:
    if request.param == "sqlite":
        yield Sqlite(tmp_path / "jobs.sqlite3")
    else:
        store = Redis(request.getfixturevalue("redis_server").url)
        yield store
        store.store.close()


def segment(start: float, end: float) -> dict[str, Any]:
    return {"start": start, "end": end, "text": f"words at {start}", "speaker": "SPEAKER_00"}


def kinds(events: list[JobEvent]) -> list[str]:
    return [event.kind.value for event in events]


def test_events_grow_page_and_end_with_the_outcome(log: Sqlite | Redis) -> None:
    log.start("job-a")
    assert log.publish("job-a", EventKind.PROGRESS, {"stage": "transcribing", "progress": 12.5})
    for n in range(5):
        assert log.publish("job-a", EventKind.SEGMENT, segment(n, n + 1))
    assert log.complete("job-a")
    assert not log.publish("job-a", EventKind.SEGMENT, segment(9, 10))  # the job no longer runs
    events = log.store.events("job-a", None, 100)
    assert kinds(events) == ["progress"] + ["segment"] * 5 + ["done"]
    assert events[-1].data == {
        "status": "completed",
        "language": "en",
        "duration": 30.5,
        "speakers": ["SPEAKER_00"],
        "segments": 1,
    }
    assert events[1].data == segment(0, 1)
    pages, after = [], None
    while page := log.store.events("job-a", after, 3):
        pages.append(page)
        after = page[-1].id
    assert [e for page in pages for e in page] == events and [len(p) for p in pages] == [3, 3, 1]
    with pytest.raises(BadEventId):
        log.store.events("job-a", "nonsense", 10)
    assert log.store.delete("job-a")
    assert log.store.events("job-a", None, 10) == []


def test_a_cancel_ends_the_log_and_the_cap_spares_the_terminal_event(
    log: Sqlite | Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_log, "MAX_EVENTS_PER_JOB", 3)
    monkeypatch.setattr(redis_store, "MAX_EVENTS_PER_JOB", 3)
    log.start("job-b")
    for n in range(5):
        assert log.publish("job-b", EventKind.SEGMENT, segment(n, n + 1))  # still running: accepted, not kept
    assert log.store.cancel("job-b") is not None
    events = log.store.events("job-b", None, 100)
    assert kinds(events) == ["segment"] * 3 + ["cancelled"]


def test_a_run_after_a_crash_tells_only_what_was_not_told(log: Sqlite | Redis) -> None:
    log.start("job-c")
    first = EventPublisher(lambda kind, data: log.publish("job-c", kind, data), log.store.streamed_until("job-c"))
    first.progress(Stage.TRANSCRIBING, 10.2)
    first.progress(Stage.TRANSCRIBING, 10.7)  # the same whole percentage: not written again
    first.segments([Segment(0.0, 4.0, "one"), Segment(4.5, 8.0, "two")])
    log.requeue("job-c")  # the run dies after its first block; the job runs again from the start
    log.resume("job-c")
    assert log.store.streamed_until("job-c") == 8.0
    second = EventPublisher(lambda kind, data: log.publish("job-c", kind, data), log.store.streamed_until("job-c"))
    second.segments([Segment(0.0, 4.0, "one"), Segment(4.5, 8.0, "two"), Segment(8.5, 12.0, "three")])
    texts = [e.data["text"] for e in log.store.events("job-c", None, 100) if e.kind == EventKind.SEGMENT]
    assert texts == ["one", "two", "three"]
    assert kinds(log.store.events("job-c", None, 100)).count("progress") == 1


def test_a_run_that_lost_its_job_writes_no_events(redis_server: RedisServer) -> None:
    log = Redis(redis_server.url)
    log.start("job-d")
    stale = log.run
    log.requeue("job-d")  # its worker was presumed dead; another run has the job now
    log.resume("job-d")
    assert not log.store.publish("job-d", stale, EventKind.SEGMENT, segment(0, 1))
    assert log.publish("job-d", EventKind.SEGMENT, segment(0, 1))
    assert not log.store.complete("job-d", stale, RESULT)
    assert kinds(log.store.events("job-d", None, 10)) == ["segment"]
    log.store.close()


def test_a_quiet_follower_gets_keep_alives_until_the_terminal_event(tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs.sqlite3")
    store.create(new_job("job-e"))  # queued: nothing happens to it for a while

    async def watch() -> list[JobEvent | None]:
        seen: list[JobEvent | None] = []
        async for event in follow(store, "job-e", None, keepalive_s=0.2):
            seen.append(event)
            if seen.count(None) == 2:
                store.cancel("job-e")
        return seen

    seen = asyncio.run(watch())
    assert seen[:2] == [None, None] and len(seen) == 3
    assert seen[2] is not None and seen[2].kind == EventKind.CANCELLED
    store.close()
