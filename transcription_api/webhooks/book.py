"""What the deliverer and the routes need from the place webhooks are kept, in either mode: a table in the job
store's SQLite file (webhooks.sqlite_book) or Redis (distributed.redis_webhooks). Blocking calls: run them in a
thread. Every change is atomic, so that several API processes can share one book: each attempt is claimed by one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from transcription_api.webhooks.models import Delivery


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one attempt (with its redirects) ended."""

    delivered: bool  # the receiver answered 2xx
    status_code: int | None  # the last answer's status; None when no answer came
    error: str | None  # a short reason, naming at most a host
    final: bool = False  # no retry: 410 Gone, or a target the service refuses to call


class WebhookBook(Protocol):
    def subscribe(self, delivery: Delivery) -> None:
        """Keep ``delivery`` (a new, waiting one) unless its job already has one."""
        ...

    def get(self, job_id: str) -> Delivery | None: ...

    def seal(self, job_id: str | None = None) -> int:
        """Create the event of every waiting job that has finished (or of that one job): it becomes pending and due
        now. A waiting row whose job is gone is dropped. Returns how many were sealed."""
        ...

    def claim(self, lease_s: float) -> Delivery | None:
        """Take the most overdue pending delivery for one attempt: its attempts grow by one, and it is not due again
        for ``lease_s`` (so another process cannot take it meanwhile; a sender that dies leaves it to a retry)."""
        ...

    def record(self, delivery: Delivery, outcome: Outcome, retry_in_s: float | None) -> bool:
        """Write the outcome of the attempt ``delivery`` was claimed for: delivered, retried in ``retry_in_s``, or
        given up (None). False when that attempt no longer owns the delivery (its lease ran out and it was retaken)."""
        ...

    def release(self, delivery: Delivery) -> None:
        """An attempt cut short by a shutdown: due again at once (by this process after its restart, or another)."""
        ...

    def forget(self) -> int:
        """Drop the records of ended deliveries whose job is gone (deleted, or purged by retention)."""
        ...

    def close(self) -> None: ...
