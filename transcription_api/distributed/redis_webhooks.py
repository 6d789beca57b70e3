"""Webhooks of the distributed mode, in the same Redis as the jobs, shared by every API process: each change is one
Lua script, so each attempt is claimed by exactly one process and each event is sealed once. Times come from the Redis
server's clock, as in redis_scripts.

Keys, under the prefix KEYS[1]:
  webhook:<job id>   hash: the delivery (see webhooks.models.Delivery for the fields); an ended one expires
  webhooks:waiting   set of the job ids whose job has not finished yet
  webhooks:due       sorted set of pending job ids by when their next attempt is due (a claimed one: its lease's end)
"""

from __future__ import annotations

from typing import Any

import redis

from transcription_api.distributed.redis_store import PREFIX
from transcription_api.webhooks.book import Outcome
from transcription_api.webhooks.models import Delivery, DeliveryState

_COMMON = """
local p = KEYS[1]
local waiting, due = p .. 'webhooks:waiting', p .. 'webhooks:due'
local function wkey(id) return p .. 'webhook:' .. id end
local function clock()
  local t = redis.call('TIME')
  return tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local function stamp(seconds) return string.format('%.6f', seconds) end
local function owns(k, attempt)
  return redis.call('hget', k, 'state') == 'pending' and redis.call('hget', k, 'attempts') == attempt
end
"""
# ARGV: job id, url, event id, created_at -> 1, or 0 when the job already has a webhook.
_SUBSCRIBE = """
local k = wkey(ARGV[1])
if redis.call('exists', k) == 1 then return 0 end
redis.call('hset', k, 'job_id', ARGV[1], 'url', ARGV[2], 'event_id', ARGV[3], 'state', 'waiting',
  'created_at', ARGV[4], 'attempts', '0')
redis.call('sadd', waiting, ARGV[1])
return 1
"""
# ARGV: a job id, or '' for every waiting one -> how many were sealed.
_SEAL = """
local now = stamp(clock())
local ids = {}
if ARGV[1] == '' then ids = redis.call('smembers', waiting)
elseif redis.call('sismember', waiting, ARGV[1]) == 1 then ids = {ARGV[1]} end
local sealed = 0
for _, id in ipairs(ids) do
  local job = redis.call('hmget', p .. 'job:' .. id, 'status', 'error', 'finished_at')
  if not job[1] then
    redis.call('srem', waiting, id)
    redis.call('del', wkey(id))
  elseif job[1] == 'completed' or job[1] == 'failed' or job[1] == 'cancelled' then
    redis.call('hset', wkey(id), 'state', 'pending', 'event', job[1], 'error', job[2] or '',
      'finished_at', job[3] or now, 'sealed_at', now, 'next_at', now)
    redis.call('zadd', due, now, id)
    redis.call('srem', waiting, id)
    sealed = sealed + 1
  end
end
return sealed
"""
# ARGV: lease (s) -> the claimed delivery's hash, or nil when none is due.
_CLAIM = """
local now = clock()
local first = redis.call('zrangebyscore', due, '-inf', stamp(now), 'LIMIT', 0, 1)
if #first == 0 then return nil end
local k, until_ = wkey(first[1]), stamp(now + tonumber(ARGV[1]))
redis.call('zadd', due, until_, first[1])
redis.call('hincrby', k, 'attempts', 1)
redis.call('hset', k, 'last_attempt_at', stamp(now), 'next_at', until_)
return redis.call('hgetall', k)
"""
# ARGV: job id, attempt, new state, retry delay (s, for pending), status code, error, keep (ms) -> 1, or 0 when that
# attempt no longer owns the delivery.
_RECORD = """
local k = wkey(ARGV[1])
if not owns(k, ARGV[2]) then return 0 end
local now = clock()
redis.call('hset', k, 'state', ARGV[3], 'last_status_code', ARGV[5], 'last_error', ARGV[6])
if ARGV[3] == 'pending' then
  local at = stamp(now + tonumber(ARGV[4]))
  redis.call('hset', k, 'next_at', at)
  redis.call('zadd', due, at, ARGV[1])
else
  redis.call('hdel', k, 'next_at')
  redis.call('zrem', due, ARGV[1])
  if ARGV[3] == 'delivered' then redis.call('hset', k, 'delivered_at', stamp(now)) end
  redis.call('pexpire', k, ARGV[7])
end
return 1
"""
# ARGV: job id, attempt -> 1, or 0 when that attempt no longer owns the delivery.
_RELEASE = """
local k = wkey(ARGV[1])
if not owns(k, ARGV[2]) then return 0 end
local now = stamp(clock())
redis.call('hset', k, 'next_at', now, 'last_error', 'interrupted by a shutdown')
redis.call('zadd', due, now, ARGV[1])
return 1
"""
_SCRIPTS = {"subscribe": _SUBSCRIBE, "seal": _SEAL, "claim": _CLAIM, "record": _RECORD, "release": _RELEASE}


class RedisWebhookBook:
    """``keep_s``: how long an ended delivery's record stays readable in the job status."""

    def __init__(self, url: str, keep_s: float, prefix: str = PREFIX) -> None:
        self._redis: Any = redis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=5, socket_timeout=30)
        self._prefix = prefix
        self._keep_ms = max(1, round(keep_s * 1000))
        self._scripts = {name: self._redis.register_script(_COMMON + body) for name, body in _SCRIPTS.items()}

    def _run(self, name: str, *args: Any) -> Any:
        return self._scripts[name](keys=[self._prefix], args=list(args))

    def close(self) -> None:
        self._redis.close()

    def subscribe(self, delivery: Delivery) -> None:
        self._run("subscribe", delivery.job_id, delivery.url, delivery.event_id, repr(delivery.created_at))

    def get(self, job_id: str) -> Delivery | None:
        fields = self._redis.hgetall(f"{self._prefix}webhook:{job_id}")
        return Delivery.from_mapping(fields) if fields else None

    def seal(self, job_id: str | None = None) -> int:
        return int(self._run("seal", job_id or ""))

    def claim(self, lease_s: float) -> Delivery | None:
        flat = self._run("claim", repr(lease_s))
        return Delivery.from_mapping(dict(zip(flat[::2], flat[1::2], strict=True))) if flat else None

    def record(self, delivery: Delivery, outcome: Outcome, retry_in_s: float | None) -> bool:
        if outcome.delivered:
            state = DeliveryState.DELIVERED
        else:
            state = DeliveryState.FAILED if retry_in_s is None else DeliveryState.PENDING
        code = "" if outcome.status_code is None else str(outcome.status_code)
        delay = repr(retry_in_s or 0.0)
        answer = self._run(
            "record",
            delivery.job_id,
            str(delivery.attempts),
            state.value,
            delay,
            code,
            outcome.error or "",
            self._keep_ms,
        )
        return bool(answer)

    def release(self, delivery: Delivery) -> None:
        self._run("release", delivery.job_id, str(delivery.attempts))

    def forget(self) -> int:
        return 0  # ended records expire by themselves (keep_s)
