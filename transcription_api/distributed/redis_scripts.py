"""The Lua scripts behind distributed.redis_store: each change of a job's state is one atomic script, so every API and
worker process sees the same queue, in the same fair order, whatever runs at the same time.

Keys, under the prefix KEYS[1]:
  job:<id>          hash: the job (see redis_store._job for the fields)
  seq               counter: arrival order
  queued            sorted set of "<seq, 16 digits>:<id>" scored by fair rank: the order jobs are taken in
  active            sorted set of queued and running job ids, by rank (its lowest rank is the current round)
  tag:<user_tag>    sorted set of that tag's queued and running job ids, by rank
  status:<status>   set of the job ids in that status
  finished          sorted set of finished job ids by when they ended; fetched: by when first fetched
  claim:<turn>      the job a turn (one Celery delivery) is running
  lease:<id>        the run that holds a running job, with a time to live its worker renews while it is alive: once
                    it expires, REAP puts the job back in the queue (the job's worker died or lost Redis)
  worker:<id>       a worker's description, with a time to live: present while the worker is alive
  events:<id>       stream: the job's event log (fields kind, data), deleted with the job; its running worker
                    appends progress and segments (fenced, capped), the scripts that end a job its terminal event
Times come from the Redis server's clock, so that every process compares the same ones.

Fencing: a job's ``run`` field names the one run allowed to write its progress and outcome. A claim sets it, and a
requeue, a cancel or a reap clears it, so a late write from a run presumed dead (or from a stale copy of its turn)
finds another run, or none, and is refused.
"""

from __future__ import annotations

COMMON = """
local p = KEYS[1]
local function jkey(id) return p .. 'job:' .. id end
local function clock()
  local t = redis.call('TIME')
  return string.format('%d.%06d', t[1], t[2])
end
local function flat(id) return redis.call('hgetall', jkey(id)) end
local function member(id)
  return string.format('%016d:%s', tonumber(redis.call('hget', jkey(id), 'seq')), id)
end
local function is_finished(status)
  return status == 'completed' or status == 'failed' or status == 'cancelled'
end
local function set_status(id, old, new)
  redis.call('srem', p .. 'status:' .. old, id)
  redis.call('sadd', p .. 'status:' .. new, id)
  redis.call('hset', jkey(id), 'status', new)
end
local function drop_claim(id)
  local claim = redis.call('hget', jkey(id), 'claim')
  if claim and redis.call('get', p .. 'claim:' .. claim) == id then redis.call('del', p .. 'claim:' .. claim) end
  redis.call('hdel', jkey(id), 'claim', 'run')
  redis.call('del', p .. 'lease:' .. id)
end
local function leave_lane(id)
  local tag = redis.call('hget', jkey(id), 'user_tag') or ''
  redis.call('zrem', p .. 'queued', member(id))
  redis.call('zrem', p .. 'active', id)
  redis.call('zrem', p .. 'tag:' .. tag, id)
end
local function back_in_queue(id)
  local k = jkey(id)
  drop_claim(id)
  redis.call('hdel', k, 'owner', 'started_at')
  redis.call('hset', k, 'stage', 'queued', 'progress', '0', 'updated_at', clock())
  set_status(id, 'processing', 'queued')
  redis.call('zadd', p .. 'queued', redis.call('hget', k, 'rank'), member(id))
end
local terminal_kind = {completed = 'done', failed = 'failed', cancelled = 'cancelled'}
local function log_event(id, kind, data)
  redis.call('xadd', p .. 'events:' .. id, '*', 'kind', kind, 'data', data)
end
local function close(id, status, at, event)
  local k = jkey(id)
  local old = redis.call('hget', k, 'status')
  leave_lane(id)
  drop_claim(id)
  redis.call('hdel', k, 'upload_path')
  redis.call('hset', k, 'stage', 'done', 'finished_at', at, 'updated_at', at)
  set_status(id, old, status)
  redis.call('zadd', p .. 'finished', at, id)
  log_event(id, terminal_kind[status], event)
end
local function remove(id)
  local k = jkey(id)
  local status = redis.call('hget', k, 'status')
  if not status then return 0 end
  leave_lane(id)
  drop_claim(id)
  redis.call('srem', p .. 'status:' .. status, id)
  redis.call('del', p .. 'lease:' .. id)
  redis.call('zrem', p .. 'finished', id)
  redis.call('zrem', p .. 'fetched', id)
  redis.call('del', p .. 'events:' .. id)
  redis.call('del', k)
  return 1
end
"""

# ARGV: id, created_at, options, filename, upload_path, origin, user_tag -> {created 0|1, job}
# A tag's next job ranks one after its last queued or running one, never before the current round (see jobs.store).
CREATE = """
local id, tag = ARGV[1], ARGV[7]
if redis.call('exists', jkey(id)) == 1 then return {0, flat(id)} end
local floor = 0
local lowest = redis.call('zrange', p .. 'active', 0, 0, 'WITHSCORES')
if #lowest > 0 then floor = tonumber(lowest[2]) end
local rank = floor
local last = redis.call('zrevrange', p .. 'tag:' .. tag, 0, 0, 'WITHSCORES')
if #last > 0 then rank = math.max(floor, tonumber(last[2]) + 1) end
rank = string.format('%d', rank)
local seq = redis.call('incr', p .. 'seq')
redis.call('hset', jkey(id), 'id', id, 'seq', seq, 'created_at', ARGV[2], 'status', 'queued', 'stage', 'queued',
  'progress', '0', 'options', ARGV[3], 'filename', ARGV[4], 'upload_path', ARGV[5], 'origin', ARGV[6],
  'user_tag', tag, 'rank', rank, 'attempts', '0', 'updated_at', clock())
redis.call('sadd', p .. 'status:queued', id)
redis.call('zadd', p .. 'queued', rank, member(id))
redis.call('zadd', p .. 'active', rank, id)
redis.call('zadd', p .. 'tag:' .. tag, rank, id)
return {1, flat(id)}
"""

# ARGV: turn, run, owner, max_attempts, exhausted_error, lease_ms -> nil | {'processing'|'failed', job before}
# A turn that comes again (the queue library redelivers a turn it has not seen acknowledged) looks at the job it
# took before: while that job's lease lives, its first run is alive and this copy is surplus (nothing is taken; a
# job is never taken over from a live worker). A job whose lease expired goes back to its old place (REAP may have
# done that already); the attempt stays counted. Then the first job in fair order is taken, the attempt counted before
# any work, and its lease set; a job with max_attempts already is failed instead.
CLAIM = """
local turn_key = p .. 'claim:' .. ARGV[1]
local earlier = redis.call('get', turn_key)
if earlier and redis.call('hget', jkey(earlier), 'status') == 'processing'
    and redis.call('hget', jkey(earlier), 'claim') == ARGV[1] then
  if redis.call('exists', p .. 'lease:' .. earlier) == 1 then return false end
  back_in_queue(earlier)
end
redis.call('del', turn_key)
local first = redis.call('zrange', p .. 'queued', 0, 0)
if #first == 0 then return false end
local id = string.sub(first[1], 18)
local k = jkey(id)
local before = flat(id)
local attempts = tonumber(redis.call('hget', k, 'attempts'))
local at = clock()
if attempts >= tonumber(ARGV[4]) then
  redis.call('hset', k, 'error', ARGV[5], 'progress', '0')
  close(id, 'failed', at, cjson.encode({status = 'failed', error = ARGV[5]}))
  return {'failed', before}
end
redis.call('zrem', p .. 'queued', first[1])
redis.call('hset', k, 'stage', 'decoding', 'started_at', at, 'updated_at', at,
  'attempts', string.format('%d', attempts + 1), 'claim', ARGV[1], 'run', ARGV[2], 'owner', ARGV[3])
set_status(id, 'queued', 'processing')
redis.call('set', turn_key, id)
redis.call('set', p .. 'lease:' .. id, ARGV[2], 'PX', ARGV[6])
return {'processing', flat(id)}
"""

_OWNED = """
local id, run = ARGV[1], ARGV[2]
local k = jkey(id)
if redis.call('hget', k, 'status') ~= 'processing' or redis.call('hget', k, 'run') ~= run then return 0 end
"""

# ARGV: id, run, stage, progress -> 1, or 0 when that run no longer owns the job (cancelled, deleted, taken over).
# updated_at moves only when the stage or the percentage does: a client can tell a job that advances from one that
# is merely alive.
PROGRESS = (
    _OWNED
    + """
if redis.call('hget', k, 'stage') ~= ARGV[3] or tonumber(redis.call('hget', k, 'progress')) ~= tonumber(ARGV[4]) then
  redis.call('hset', k, 'stage', ARGV[3], 'progress', ARGV[4], 'updated_at', clock())
end
return 1
"""
)

# ARGV: id, run, status, progress, result json or '', error or '', terminal event data -> 1 once; 0 for any other
# writer
FINISH = (
    _OWNED
    + """
if ARGV[5] ~= '' then redis.call('hset', k, 'result', ARGV[5]) end
if ARGV[6] ~= '' then redis.call('hset', k, 'error', ARGV[6]) end
redis.call('hset', k, 'progress', ARGV[4])
close(id, ARGV[3], clock(), ARGV[7])
return 1
"""
)

# ARGV: id, run -> 1 when the job went back to its place (a graceful stop: that run does not count as an attempt)
REQUEUE = (
    _OWNED
    + """
redis.call('hset', k, 'attempts', string.format('%d', math.max(tonumber(redis.call('hget', k, 'attempts')) - 1, 0)))
back_in_queue(id)
return 1
"""
)

# ARGV: id, run, lease_ms -> 1 when the lease of that run was extended; 0 when the run no longer owns the job
RENEW = (
    _OWNED
    + """
redis.call('set', p .. 'lease:' .. id, run, 'PX', ARGV[3])
return 1
"""
)

# ARGV: none -> ids of running jobs whose lease expired, each put back in its old place (attempt still counted) and
# marked requeued. Cheap: the processing set holds at most one job per worker.
REAP = """
local back = {}
for _, id in ipairs(redis.call('smembers', p .. 'status:processing')) do
  if redis.call('exists', p .. 'lease:' .. id) == 0 then
    back_in_queue(id)
    redis.call('hset', jkey(id), 'requeued_at', clock())
    table.insert(back, id)
  end
end
return back
"""

# ARGV: id, run, kind, data, where the segment ends (or ''), cap -> 1, or 0 when that run no longer owns the job.
# Past ``cap`` events the log takes no more progress or segments (the terminal event is always written).
PUBLISH = (
    _OWNED
    + """
if ARGV[5] ~= '' then redis.call('hset', k, 'streamed_until', ARGV[5]) end
if redis.call('xlen', p .. 'events:' .. id) < tonumber(ARGV[6]) then log_event(id, ARGV[3], ARGV[4]) end
return 1
"""
)

# ARGV: id -> the job as it was, or nil when unknown or finished. The answer reports it: fetched from now.
CANCEL = """
local id = ARGV[1]
local status = redis.call('hget', jkey(id), 'status')
if not status or is_finished(status) then return false end
local before = flat(id)
local at = clock()
redis.call('hdel', jkey(id), 'result')
close(id, 'cancelled', at, '{"status": "cancelled"}')
redis.call('hset', jkey(id), 'fetched_at', at)
redis.call('zadd', p .. 'fetched', at, id)
return before
"""

# ARGV: id
MARK_FETCHED = """
local k = jkey(ARGV[1])
if redis.call('exists', k) == 0 or redis.call('hexists', k, 'fetched_at') == 1 then return 0 end
local at = clock()
redis.call('hset', k, 'fetched_at', at)
redis.call('zadd', p .. 'fetched', at, ARGV[1])
return 1
"""

# ARGV: id -> 1 when it existed
DELETE = """
return remove(ARGV[1])
"""

# ARGV: fetched_before, finished_before, limit -> ids of finished jobs fetched before the first time, or never
# fetched and finished before the second
PURGE = """
local gone = {}
local function drop(ids, unfetched_only)
  for _, id in ipairs(ids) do
    local k = jkey(id)
    if is_finished(redis.call('hget', k, 'status'))
        and (not unfetched_only or redis.call('hexists', k, 'fetched_at') == 0) then
      remove(id)
      table.insert(gone, id)
    end
  end
end
drop(redis.call('zrangebyscore', p .. 'fetched', '-inf', '(' .. ARGV[1], 'LIMIT', 0, ARGV[3]), false)
drop(redis.call('zrangebyscore', p .. 'finished', '-inf', '(' .. ARGV[2], 'LIMIT', 0, ARGV[3]), true)
return gone
"""

SCRIPTS = {
    "create": CREATE,
    "claim": CLAIM,
    "progress": PROGRESS,
    "publish": PUBLISH,
    "finish": FINISH,
    "requeue": REQUEUE,
    "renew": RENEW,
    "reap": REAP,
    "cancel": CANCEL,
    "mark_fetched": MARK_FETCHED,
    "delete": DELETE,
    "purge": PURGE,
}
