"""Webhook latency: how long after a job ends its signed event reaches a receiver on 127.0.0.1.

Starts the service (packaged tiny.en, one CPU thread; the model is not used: each job is cancelled right after it is
submitted, which ends it at once) with the default poll interval unless told otherwise, submits ``--jobs`` jobs with a
``callback_url`` one after the other, and measures for each the time from the event's ``timestamp`` (when the job
ended) to the request's arrival at the receiver. The deliverer looks for finished jobs every
TRANSCRIBE_WEBHOOK_POLL_INTERVAL_S, so the expected figure is about half that on average and at most all of it, plus
the request itself.

    python benchmarks/webhook_latency.py [--jobs 30] [--poll 1]
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.webhook_receiver import WebhookReceiver  # noqa: E402
from tests.speech import synthesize  # noqa: E402
from tests.support.transcription_service import TranscriptionService  # noqa: E402
from tests.transcription_api.conftest import Client  # noqa: E402

SECRET = "whsec_" + base64.b64encode(b"benchmark-webhook-secret-32bytes").decode()


def measure(jobs: int, poll_s: float, folder: Path) -> list[float]:
    clip = synthesize([("bob", "A short note.")], folder / "clip.wav").path
    receiver = WebhookReceiver().start()
    settings = {
        "TRANSCRIBE_WEBHOOK_SECRET": SECRET,
        "TRANSCRIBE_WEBHOOK_ALLOWED_HOSTS": f"127.0.0.1:{receiver.port}",
        "TRANSCRIBE_WEBHOOK_POLL_INTERVAL_S": str(poll_s),
    }
    service = TranscriptionService(folder / "data", settings=settings).start()
    latencies = []
    try:
        with Client(service.url, key=None) as client:
            for n in range(jobs):
                path = f"/hook/{n}"
                task = client.submit_ok(clip, diarize="false", callback_url=receiver.url(path))
                client.http.delete(f"/transcribe/{task}")
                (request,) = receiver.wait_count(path, 1, timeout=30)
                ended = datetime.fromisoformat(json.loads(request.body)["timestamp"]).timestamp()
                latencies.append(request.at - ended)
    finally:
        service.stop()
        receiver.stop()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=30)
    parser.add_argument("--poll", type=float, default=1.0, help="TRANSCRIBE_WEBHOOK_POLL_INTERVAL_S (s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        latencies = sorted(measure(args.jobs, args.poll, Path(folder)))
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    print(
        f"{len(latencies)} webhooks, poll interval {args.poll:g} s: from the job's end to the receiver"
        f" median {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms,"
        f" max {latencies[-1] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
