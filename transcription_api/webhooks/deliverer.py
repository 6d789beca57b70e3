"""The API process's one background task that delivers webhooks: it seals the events of finished jobs, claims due
attempts (atomically: with several API processes each attempt goes out once) and records how each went, retrying with
exponential backoff until a receiver answers 2xx, answers 410, or the retry window has passed."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from transcription_api.settings import ApiSettings
from transcription_api.webhooks.book import Outcome, WebhookBook
from transcription_api.webhooks.models import Delivery
from transcription_api.webhooks.sender import Sender
from transcription_api.webhooks.targets import check_url

log = logging.getLogger(__name__)
CONCURRENCY = 8  # attempts in flight at once in one process
LEASE_MARGIN_S = 30.0
FORGET_EVERY_S = 600.0


@dataclass(frozen=True, slots=True)
class RetrySchedule:
    first_s: float
    factor: float
    max_s: float
    window_s: float

    @classmethod
    def from_settings(cls, settings: ApiSettings) -> RetrySchedule:
        return cls(
            settings.webhook_retry_first_s,
            settings.webhook_retry_factor,
            settings.webhook_retry_max_s,
            settings.webhook_retry_window_h * 3600,
        )

    def retry_in(self, delivery: Delivery, now: float) -> float | None:
        """Seconds until the attempt after ``delivery``'s latest one, or None when it would fall past the window."""
        delay = min(self.first_s * self.factor ** min(delivery.attempts - 1, 64), self.max_s)
        start = delivery.sealed_at if delivery.sealed_at is not None else now
        return None if now + delay > start + self.window_s else delay


class Deliverer:
    def __init__(self, book: WebhookBook, sender: Sender, schedule: RetrySchedule, poll_s: float) -> None:
        self._book = book
        self._sender = sender
        self._schedule = schedule
        self._poll_s = poll_s
        self._lease_s = sender.longest_s + LEASE_MARGIN_S
        self._in_flight: set[asyncio.Task[None]] = set()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="webhook-deliverer")

    async def stop(self) -> None:
        """Stop claiming; attempts in flight are cut short and become due again at once (see WebhookBook.release)."""
        tasks = [t for t in (self._task, *self._in_flight) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self._sender.aclose()

    async def _run(self) -> None:
        forgotten_at = 0.0
        while True:
            try:
                await asyncio.to_thread(self._book.seal)
                if time.monotonic() - forgotten_at >= FORGET_EVERY_S:
                    await asyncio.to_thread(self._book.forget)
                    forgotten_at = time.monotonic()
                await self._claim_due()
            except Exception:  # the store unreachable for a moment: try again next round
                log.warning("webhook delivery round failed; retrying", exc_info=True)
            await asyncio.sleep(self._poll_s)

    async def _claim_due(self) -> None:
        while len(self._in_flight) < CONCURRENCY:
            delivery = await self._claim()
            if delivery is None:
                return
            task = asyncio.create_task(self._attempt(delivery), name=f"webhook-{delivery.event_id}")
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)

    async def _claim(self) -> Delivery | None:
        """Claim one due delivery; one claimed while the deliverer is being stopped is released, not left to wait
        for its lease to run out."""
        claim = asyncio.ensure_future(asyncio.to_thread(self._book.claim, self._lease_s))
        try:
            return await asyncio.shield(claim)
        except asyncio.CancelledError:
            delivery = await claim
            if delivery is not None:
                await asyncio.to_thread(self._book.release, delivery)
            raise

    async def _attempt(self, delivery: Delivery) -> None:
        try:
            outcome = await self._sender.send(delivery)
        except asyncio.CancelledError:
            await asyncio.shield(asyncio.to_thread(self._book.release, delivery))
            raise
        except Exception as exc:  # a bug must not stop the deliverer; the delivery is retried on schedule
            log.exception("webhook attempt for job %s crashed", delivery.job_id)
            outcome = Outcome(False, None, f"internal error: {type(exc).__name__}")
        retry = None if outcome.delivered or outcome.final else self._schedule.retry_in(delivery, time.time())
        try:
            await asyncio.to_thread(self._book.record, delivery, outcome, retry)
        except Exception:  # unrecorded: the claim's lease runs out and the attempt is made again
            log.warning("could not record webhook attempt %d of job %s", delivery.attempts, delivery.job_id)
        _log_attempt(delivery, outcome, retry)


def _log_attempt(delivery: Delivery, outcome: Outcome, retry: float | None) -> None:
    """Host only: a callback URL's path and query may carry a token and are never logged."""
    host = check_url(delivery.url).label
    if outcome.delivered:
        log.info("webhook %s of job %s delivered to %s", delivery.event_id, delivery.job_id, host)
    elif retry is None:
        log.warning(
            "webhook %s of job %s given up after %d attempt(s): %s",
            delivery.event_id,
            delivery.job_id,
            delivery.attempts,
            outcome.error,
        )
    else:
        log.info(
            "webhook %s of job %s: attempt %d failed (%s); next in %.0f s",
            delivery.event_id,
            delivery.job_id,
            delivery.attempts,
            outcome.error,
            retry,
        )
