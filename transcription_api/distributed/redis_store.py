"""Job state of the distributed mode, in Redis: the same operations as jobs.store's SQLite file, shared by every API
and worker process. Every Redis command of the service is here or in redis_scripts (the Lua it runs)."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import redis

from transcription_api.distributed.redis_scripts import COMMON, SCRIPTS
from transcription_api.engine.types import JobOptions
from transcription_api.events.model import MAX_EVENTS_PER_JOB, BadEventId, EventKind, JobEvent, done_data
from transcription_api.jobs.models import Job, JobStatus, options_json

PREFIX = "transcribe:"
PURGE_BATCH = 500
# Connection failures and timeouts: the store is unreachable (the API answers 503, a worker retries).
Unreachable = (redis.ConnectionError, redis.TimeoutError)
_STREAM_ID = re.compile(r"\d{1,20}-\d{1,20}")


class RedisJobStore:
    """Every read and write of job state in distributed mode goes through here; safe from several threads."""

    def __init__(self, url: str, prefix: str = PREFIX) -> None:
        # redis-py types every reply as "awaitable or value" (one class serves both clients): Any is the honest type
        self._redis: Any = redis.Redis.from_url(
            url, decode_responses=True, socket_connect_timeout=5, socket_timeout=30, health_check_interval=30
        )
        self._prefix = prefix
        self._scripts = {name: self._redis.register_script(COMMON + body) for name, body in SCRIPTS.items()}

    def close(self) -> None:
        self._redis.close()

    def _run(self, name: str, *args: Any) -> Any:
        return self._scripts[name](keys=[self._prefix], args=list(args))

    def ping(self) -> bool:
        try:
            return bool(self._redis.ping())
        except redis.RedisError:
            return False

    def create(self, job: Job) -> tuple[Job, bool]:
        """Queue ``job`` at its fair rank, or return the job that already has its id: (stored job, created)."""
        created, fields = self._run(
            "create",
            job.id,
            repr(job.created_at),
            options_json(job.options),
            job.filename,
            job.upload_path or "",
            job.origin,
            job.user_tag,
        )
        return _job(fields), bool(created)

    def get(self, job_id: str) -> Job | None:
        fields = self._redis.hgetall(self._key(job_id))
        return _job(fields) if fields else None

    def claim(
        self, turn: str, run: str, owner: str, max_attempts: int, exhausted_error: str, lease_s: float
    ) -> Job | None:
        """Take the next job in fair order for ``turn`` (one delivery of the queue library); ``run`` fences every
        later write of this run, and holds the job's lease for ``lease_s``. A job past ``max_attempts`` comes back
        failed instead; a turn whose earlier job still has a live lease takes nothing (see redis_scripts.CLAIM)."""
        answer = self._run("claim", turn, run, owner, max_attempts, exhausted_error, _ms(lease_s))
        if answer is None:
            return None
        state, fields = answer
        job = _job(fields)  # as it is now; a failed one as it was, so that its upload can still be removed
        if state == JobStatus.FAILED:
            job.status, job.error = JobStatus.FAILED, exhausted_error
        return job

    def set_progress(self, job_id: str, run: str, stage: str, progress: float) -> bool:
        """Record progress; False when this run no longer owns the job (cancelled, deleted or taken over)."""
        return bool(self._run("progress", job_id, run, stage, repr(progress)))

    def complete(self, job_id: str, run: str, result: dict[str, Any]) -> bool:
        return self._finish(
            job_id, run, JobStatus.COMPLETED, done_data(result), result=json.dumps(result, ensure_ascii=False)
        )

    def fail(self, job_id: str, run: str, error: str) -> bool:
        return self._finish(job_id, run, JobStatus.FAILED, {"status": "failed", "error": error}, error=error)

    def _finish(
        self, job_id: str, run: str, status: JobStatus, event: dict[str, Any], *, result: str = "", error: str = ""
    ) -> bool:
        """Written once, by the run that owns the job: a second delivery of the same job cannot write again. The
        job's terminal event is written by the same script."""
        progress = "100" if status == JobStatus.COMPLETED else "0"
        return bool(self._run("finish", job_id, run, status.value, progress, result, error, json.dumps(event)))

    def publish(self, job_id: str, run: str, kind: EventKind, data: dict[str, Any]) -> bool:
        """Add a progress or segment event to the job's log; False when this run no longer owns the job."""
        end = repr(float(data["end"])) if kind == EventKind.SEGMENT else ""
        payload = json.dumps(data, ensure_ascii=False)
        return bool(self._run("publish", job_id, run, kind.value, payload, end, MAX_EVENTS_PER_JOB))

    def events(self, job_id: str, after: str | None, limit: int) -> list[JobEvent]:
        """The job's events after id ``after`` (from the first when None), oldest first."""
        if after and not _STREAM_ID.fullmatch(after):
            raise BadEventId(f"'{after[:40]}' is not an event id of this service.")
        first = f"({after}" if after else "-"
        entries = self._redis.xrange(f"{self._prefix}events:{job_id}", first, "+", count=limit)
        return [JobEvent(id_, EventKind(f["kind"]), json.loads(f["data"])) for id_, f in entries]

    def streamed_until(self, job_id: str) -> float:
        """Where the last segment event of the job ends (0 when none was written)."""
        return float(self._redis.hget(self._key(job_id), "streamed_until") or 0)

    def requeue(self, job_id: str, run: str) -> bool:
        """A graceful stop: the job goes back to its place and that run does not count as an attempt."""
        return bool(self._run("requeue", job_id, run))

    def renew(self, job_id: str, run: str, lease_s: float) -> bool:
        """Extend the lease of a running job by ``lease_s``; False when ``run`` no longer owns it."""
        return bool(self._run("renew", job_id, run, _ms(lease_s)))

    def reap(self) -> list[str]:
        """Put every running job whose lease expired (its worker died) back in its place; their ids. Safe to run
        from any number of processes at once: one script, so each job is put back once."""
        return list(self._run("reap"))

    def cancel(self, job_id: str) -> Job | None:
        """Cancel an unfinished job; the job as it was, or None if unknown or already finished. The running worker
        sees it at its next progress write."""
        fields = self._run("cancel", job_id)
        return _job(_pairs(fields)) if fields else None

    def mark_fetched(self, job_id: str) -> None:
        self._run("mark_fetched", job_id)

    def delete(self, job_id: str) -> bool:
        return bool(self._run("delete", job_id))

    def queue_position(self, job: Job) -> int | None:
        """1 = next to be taken by any worker, in the fair order; 0 = running; None = finished."""
        if job.status == JobStatus.PROCESSING:
            return 0
        if job.status != JobStatus.QUEUED:
            return None
        rank = self._redis.zrank(self._prefix + "queued", f"{job.seq:016d}:{job.id}")
        return 0 if rank is None else int(rank) + 1  # None: a worker took it a moment ago

    def counts(self) -> dict[str, int]:
        pipe = self._redis.pipeline(transaction=False)
        for status in JobStatus:
            pipe.scard(f"{self._prefix}status:{status.value}")
        return {status.value: int(n) for status, n in zip(JobStatus, pipe.execute(), strict=True)}

    def purge(self, fetched_before: float, finished_before: float) -> list[str]:
        """Delete finished jobs fetched before ``fetched_before``, or never fetched and finished before
        ``finished_before``; returns their ids."""
        return list(self._run("purge", repr(fetched_before), repr(finished_before), PURGE_BATCH))

    def live_upload_paths(self) -> set[str]:
        ids = self._redis.sunion(f"{self._prefix}status:queued", f"{self._prefix}status:processing")
        pipe = self._redis.pipeline(transaction=False)
        for job_id in ids:
            pipe.hget(self._key(job_id), "upload_path")
        return {path for path in pipe.execute() if path}

    def register_worker(self, worker_id: str, description: dict[str, Any], ttl_s: float) -> None:
        """A worker says it is alive (and what it runs); it counts as gone ``ttl_s`` after its last word."""
        key = f"{self._prefix}worker:{worker_id}"
        self._redis.set(key, json.dumps(description), px=_ms(ttl_s))

    def workers(self) -> list[dict[str, Any]]:
        keys = sorted(self._redis.scan_iter(f"{self._prefix}worker:*", count=100))
        values = self._redis.mget(keys) if keys else []
        return [json.loads(value) for value in values if value]

    def _key(self, job_id: str) -> str:
        return f"{self._prefix}job:{job_id}"


def without_credentials(url: str) -> str:
    """The queue URL as it may be logged: user name and password replaced by ``***``."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _ms(seconds: float) -> int:
    return max(1, round(seconds * 1000))


def _pairs(flat: list[str]) -> dict[str, str]:
    return dict(zip(flat[::2], flat[1::2], strict=True))


def _job(fields: dict[str, str] | list[str]) -> Job:
    """A job from its hash (a dict, or HGETALL's flat list as scripts return it)."""
    f = _pairs(fields) if isinstance(fields, list) else fields

    def number(name: str) -> float | None:
        value = f.get(name)
        return float(value) if value else None

    return Job(
        id=f["id"],
        seq=int(f["seq"]),
        created_at=float(f["created_at"]),
        status=JobStatus(f["status"]),
        stage=f["stage"],
        progress=float(f.get("progress") or 0),
        options=JobOptions.from_dict(json.loads(f["options"])),
        filename=f["filename"],
        upload_path=f.get("upload_path") or None,
        error=f.get("error") or None,
        result=json.loads(f["result"]) if f.get("result") else None,
        started_at=number("started_at"),
        finished_at=number("finished_at"),
        origin=f["origin"],
        user_tag=f.get("user_tag", ""),
        rank=int(f.get("rank") or 0),
        attempts=int(f.get("attempts") or 0),
        fetched_at=number("fetched_at"),
        updated_at=number("updated_at"),
        requeued_at=number("requeued_at"),
    )
