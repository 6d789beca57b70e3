"""Where webhooks are kept, in both modes (a table in the job store's SQLite file; Redis, shared by several API
processes), on real files and a real Redis server: an event is sealed once its job has finished, each attempt is
claimed by exactly one of many concurrent claimers, a late writer whose claim ran out is refused, an attempt cut short
by a shutdown is due again at once, and everything survives reopening the store. Also which addresses a callback may
never reach."""

from __future__ import annotations

import ipaddress
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from tests.support.redis_server import RedisServer
from transcription_api.distributed.redis_store import RedisJobStore
from transcription_api.distributed.redis_webhooks import RedisWebhookBook
from transcription_api.engine.types import JobOptions
from transcription_api.jobs.interfaces import JobBook
from transcription_api.jobs.models import Job, JobStatus
from transcription_api.jobs.store import JobStore
from transcription_api.webhooks.book import Outcome, WebhookBook
from transcription_api.webhooks.deliverer import RetrySchedule
from transcription_api.webhooks.models import Delivery, DeliveryState
from transcription_api.webhooks.sqlite_book import SqliteWebhookBook
from transcription_api.webhooks.targets import refusal

Stores = tuple[JobBook, Callable[[], WebhookBook]]  # the job store, and a way to open (again) the webhook book


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "redis"])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Stores]:
    if request.param == "sqlite":
        jobs: JobBook = JobStore(tmp_path / "jobs.sqlite3")
        open_book: Callable[[], WebhookBook] = lambda: SqliteWebhookBook(tmp_path / "jobs.sqlite3")  # noqa: E731
    else:
        server: RedisServer = request.getfixturevalue("redis_server")
        prefix = f"test-{uuid.uuid4().hex[:8]}:"
        jobs = RedisJobStore(server.url, prefix=prefix)
        open_book = lambda: RedisWebhookBook(server.url, keep_s=60, prefix=prefix)  # noqa: E731
    yield jobs, open_book
    jobs.close()


def subscribed(stores: Stores, book: WebhookBook) -> str:
    """A queued job with a callback."""
    jobs, _ = stores
    job_id = uuid.uuid4().hex
    job = Job(
        job_id,
        0,
        time.time(),
        JobStatus.QUEUED,
        "queued",
        0.0,
        JobOptions(),
        "a.wav",
        None,
        None,
        None,
        None,
        None,
        "transcribe",
    )
    jobs.create(job)
    book.subscribe(Delivery.new(job_id, "https://example.com/hook?token=x", time.time()))
    return job_id


def test_an_event_is_sealed_once_its_job_has_finished(stores: Stores) -> None:
    jobs, open_book = stores
    book = open_book()
    job_id = subscribed(stores, book)
    first = book.get(job_id)
    book.subscribe(Delivery.new(job_id, "https://example.org/other", time.time()))  # a replayed submit
    assert book.seal() == 0 and book.claim(30) is None, "nothing to send while the job runs"
    jobs.cancel(job_id)
    assert book.seal() == 1 and book.seal() == 0
    sealed = book.get(job_id)
    assert first is not None and sealed is not None
    assert (sealed.state, sealed.event, sealed.url) == (DeliveryState.PENDING, "cancelled", first.url)
    assert sealed.event_id == first.event_id
    book.close()


def test_each_attempt_is_claimed_by_one_of_many_claimers(stores: Stores) -> None:
    jobs, open_book = stores
    books = [open_book() for _ in range(8)]  # as many API processes
    job_id = subscribed(stores, books[0])
    jobs.cancel(job_id)
    books[0].seal()
    with ThreadPoolExecutor(8) as pool:
        claims = list(pool.map(lambda b: b.claim(30), books))
    (claimed,) = [c for c in claims if c is not None]
    assert claimed.attempts == 1 and claimed.job_id == job_id
    for book in books:
        book.close()


def test_a_late_writer_is_refused_and_a_released_attempt_is_due_at_once(stores: Stores) -> None:
    jobs, open_book = stores
    book = open_book()
    job_id = subscribed(stores, book)
    jobs.cancel(job_id)
    book.seal()
    stale = book.claim(0.05)  # a sender that hangs past its lease
    assert stale is not None
    time.sleep(0.1)
    second = book.claim(30)
    assert second is not None and second.attempts == 2
    assert not book.record(stale, Outcome(True, 200, None), None), "the first claim no longer owns the delivery"
    book.release(second)  # a shutdown cut the second attempt short
    book.close()
    book = open_book()  # after the restart
    third = book.claim(30)
    assert third is not None and (third.attempts, third.event_id) == (3, second.event_id)
    assert book.record(third, Outcome(False, 500, "HTTP 500"), 0.05)
    assert book.claim(30) is None
    time.sleep(0.1)
    fourth = book.claim(30)
    assert fourth is not None and book.record(fourth, Outcome(True, 204, None), None)
    done = book.get(job_id)
    assert done is not None and (done.state, done.attempts, done.last_status_code) == (DeliveryState.DELIVERED, 4, 204)
    assert done.delivered_at is not None and book.claim(30) is None
    book.close()


def test_the_retry_schedule_backs_off_and_ends_with_its_window() -> None:
    schedule = RetrySchedule(first_s=5, factor=4, max_s=3 * 3600, window_s=24 * 3600)
    delivery = Delivery.new("job", "https://example.com/", 0.0)
    now, delays = 0.0, []
    for attempts in range(1, 100):
        delay = schedule.retry_in(replace(delivery, attempts=attempts, sealed_at=0.0), now)
        if delay is None:
            break
        delays.append(delay)
        now += delay
    assert delays[:7] == [5, 20, 80, 320, 1280, 5120, 10800]
    assert now <= 24 * 3600 < now + 10800 and len(delays) == 13


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fc00::1",
        "fd12:3456::1",
        "fe80::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "::ffff:8.8.8.8",
        "64:ff9b::a9fe:a9fe",
        "2002:a9fe:a9fe::1",
    ],
)
def test_private_and_special_addresses_are_refused(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001::200e"])
def test_public_addresses_are_called(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None
