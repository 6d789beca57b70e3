"""Scale-out of the transcription service: jobs per minute with 1 and 2 workers, and the latency the distributed mode
adds to a single short job compared with the embedded mode, measured in one run.

Everything runs as real processes on this machine: a Redis server (Debian's redis-server), the API in distributed
mode, workers (``python -m transcription_api.worker``) and, for the comparison, the service in its default embedded
mode; each transcribing process uses the packaged tiny.en model on one CPU thread. Jobs are a synthesized two-voice
call of about 12 s, without diarization (the point is the queue). Throughput is measured from the first submit to the
last completion of a batch; latency from the submit to the moment a status poll (every 20 ms) sees the job completed.

    python benchmarks/scale_out.py [--jobs 12] [--latency-runs 5]
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


def measure(root: Path, jobs: int, runs: int) -> None:
    recording = synthesize_call(root / "call.wav")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=12, help="jobs per throughput batch")
    parser.add_argument("--latency-runs", type=int, default=5, help="single jobs timed in each mode")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        measure(Path(tmp), args.jobs, args.latency_runs)


if __name__ == "__main__":
    main()
