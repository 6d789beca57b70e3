"""Scale-out of the transcription service: jobs per minute with 1 and 2 workers, the latency the distributed mode
adds to a single short job compared with the embedded mode, and how long a job whose worker is killed (SIGKILL)
mid-job takes to run again, with the default lease (30 s) and reaper interval (5 s), measured in one run.

Everything runs as real processes on this machine: a Redis server (Debian's redis-server), the API in distributed
mode, workers (``python -m transcription_api.worker``) and, for the comparison, the service in its default embedded
mode; each transcribing process uses the packaged tiny.en model on one CPU thread. Jobs are a synthesized two-voice
call of about 12 s, without diarization (the point is the queue). Throughput is measured from the first submit to the
last completion of a batch; latency from the submit to the moment a status poll (every 20 ms) sees the job completed.
Recovery: a longer call (about 50 s) is submitted to two workers, the one that took it is killed as soon as the job
runs, and the time from the kill to its second run's start (Redis's clock, same host) and to its completion is taken;
the killed worker is then started again, as a supervisor would.

    python benchmarks/scale_out.py [--jobs 12] [--latency-runs 5] [--recovery-runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.media import synthesize_call  # noqa: E402
from tests.support.redis_server import RedisServer  # noqa: E402
from tests.support.transcription_service import TranscriptionService, TranscriptionWorker  # noqa: E402
from tests.transcription_api.conftest import Client  # noqa: E402

POLL_S = 0.02


def wait_completed(client: Client, task_id: str, timeout: float = 600) -> float:
    """Seconds until a status poll sees the job completed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.http.get(f"/transcribe/status/{task_id}").json()["status"]
        if status == "completed":
            return time.monotonic()
        if status in ("failed", "cancelled"):
            raise RuntimeError(f"job {task_id} ended {status}")
        time.sleep(POLL_S)
    raise RuntimeError(f"job {task_id} did not finish in {timeout} s")


def jobs_per_minute(url: str, recording: Path, jobs: int) -> float:
    with Client(url, key=None) as client:
        started = time.monotonic()
        tasks = [client.submit_ok(recording, diarize="false") for _ in range(jobs)]
        finished = max(wait_completed(client, task) for task in tasks)
    return jobs / (finished - started) * 60


def single_job_latency(url: str, recording: Path, runs: int) -> float:
    """Median seconds from submit to completion of one job on an idle service (after one warm-up job)."""
    samples = []
    with Client(url, key=None) as client:
        for run in range(runs + 1):
            started = time.monotonic()
            task = client.submit_ok(recording, diarize="false")
            elapsed = wait_completed(client, task) - started
            if run:
                samples.append(elapsed)
    return statistics.median(samples)


def recovery_times(
    url: str, redis_server: RedisServer, workers: list[TranscriptionWorker], recording: Path
) -> tuple[float, float]:
    """Kill the worker running a fresh job; seconds from the kill to the job's second start and to its completion."""
    redis = redis_server.client()
    with Client(url, key=None) as client:
        while True:
            task = client.submit_ok(recording, diarize="false")
            key = f"transcribe:job:{task}"
            while redis.hget(key, "status") == "queued":
                time.sleep(POLL_S)
            owner = str(redis.hget(key, "owner") or "")
            (victim,) = [w for w in workers if owner.endswith(f"-{w.pid}")]
            victim.kill()
            killed = time.time()
            completed = wait_completed(client, task)
            done = time.time() - (time.monotonic() - completed)
            victim.start(timeout=300)
            if redis.hget(key, "attempts") == "2":  # else it ended before the kill: measure again
                return float(str(redis.hget(key, "started_at"))) - killed, done - killed


def measure(root: Path, jobs: int, runs: int, recovery_runs: int) -> None:
    recording = synthesize_call(root / "call.wav")
    long_recording = synthesize_call(root / "long.wav", repeats=4)
    embedded = TranscriptionService(root / "embedded").start()
    try:
        embedded_latency = single_job_latency(embedded.url, recording, runs)
    finally:
        embedded.stop()

    redis_server = RedisServer(root / "redis").start()
    settings = {"TRANSCRIBE_QUEUE_URL": redis_server.url}
    api = TranscriptionService(root / "shared", settings=settings)
    workers = [TranscriptionWorker(root / "shared", settings=settings) for _ in range(2)]
    try:
        api.start()
        workers[0].start(timeout=300)
        distributed_latency = single_job_latency(api.url, recording, runs)
        one = jobs_per_minute(api.url, recording, jobs)
        workers[1].start(timeout=300)
        two = jobs_per_minute(api.url, recording, jobs)
        recoveries = [recovery_times(api.url, redis_server, workers, long_recording) for _ in range(recovery_runs)]
    finally:
        for process in (api, *workers):
            process.stop()
        redis_server.stop()

    print(f"recording: {recording.name}, {jobs} jobs per batch, tiny.en, one CPU thread per worker")
    print(f"throughput, 1 worker:  {one:6.1f} jobs/min")
    print(f"throughput, 2 workers: {two:6.1f} jobs/min  (x{two / one:.2f})")
    print(f"single short job, embedded:    {embedded_latency:.3f} s (median of {runs})")
    print(f"single short job, distributed: {distributed_latency:.3f} s (median of {runs})")
    print(f"added by the distributed mode: {distributed_latency - embedded_latency:+.3f} s")
    if recoveries:
        restarts, completions = ([sample[n] for sample in recoveries] for n in (0, 1))
        print(
            f"worker killed mid-job (lease 30 s, reaper 5 s), {recovery_runs} runs: running again after "
            f"{min(restarts):.1f}-{max(restarts):.1f} s (median {statistics.median(restarts):.1f}), completed "
            f"{min(completions):.1f}-{max(completions):.1f} s after the kill"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=12, help="jobs per throughput batch")
    parser.add_argument("--latency-runs", type=int, default=5, help="single jobs timed in each mode")
    parser.add_argument("--recovery-runs", type=int, default=3, help="workers killed mid-job (0: none)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        measure(Path(tmp), args.jobs, args.latency_runs, args.recovery_runs)


if __name__ == "__main__":
    main()
