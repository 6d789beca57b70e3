"""Transcribe one recording through the real service, offline: start it, upload, follow progress, print.

Usage: python scripts/transcribe_demo.py [RECORDING]   (default: samples/meeting.ogg)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_service(port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TRANSCRIBE_PORT": str(port),
        "TRANSCRIBE_LOG_LEVEL": "warning",
        "TRANSCRIBE_DATA_DIR": os.environ.get("TRANSCRIBE_DATA_DIR", str(ROOT / "data" / "demo")),
    }
    proc = subprocess.Popen([sys.executable, "-m", "transcription_api"], cwd=ROOT, env=env)
    for _ in range(600):
        if proc.poll() is not None:
            sys.exit(f"The transcription service failed to start (exit {proc.returncode}).")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.5)
    sys.exit("The transcription service did not start in time.")


def follow(client: httpx.Client, task_id: str) -> dict:
    while True:
        status = client.get(f"/transcribe/status/{task_id}").json()
        bar = "█" * int(status["progress"] / 5)
        print(
            f"\r{status['status']:<10} {status['stage']:<12} {bar:<20} {status['progress']:5.1f}%",
            end="",
            file=sys.stderr,
            flush=True,
        )
        if status["status"] in ("completed", "failed", "cancelled"):
            print(file=sys.stderr)
            return dict(client.get(f"/transcribe/result/{task_id}").json())
        time.sleep(0.5)


def main() -> None:
    recording = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "samples" / "meeting.ogg")
    if not recording.is_file():
        sys.exit(f"No such file: {recording}")
    port = free_port()
    began = time.monotonic()
    service = start_service(port)
    print(f"service ready in {time.monotonic() - began:.1f}s", file=sys.stderr)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=None) as client, recording.open("rb") as f:
            submitted = time.monotonic()
            response = client.post("/transcribe/", files={"file": (recording.name, f)})
            if response.status_code != 200:
                sys.exit(f"Refused: {response.json()['detail']}")
            body = follow(client, response.json()["task_id"])
            took = time.monotonic() - submitted
            if body["status"] != "completed":
                sys.exit(f"Transcription {body['status']}: {body.get('error')}")
            result = body["result"]
            print(client.get(f"/transcribe/result/{body['task_id']}", params={"format": "txt"}).text)
            print(
                f"{result['duration']:.1f}s of {result['language']} audio, {len(result['speakers'])} speaker(s), "
                f"transcribed in {took:.1f}s ({result['duration'] / took:.1f}x real time)",
                file=sys.stderr,
            )
    finally:
        service.terminate()
        service.wait(30)


if __name__ == "__main__":
    main()
