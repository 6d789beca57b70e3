"""Memory of the service while a large upload streams in: the file must go to disk, not into RAM.

Starts the real service, streams an N MB multipart upload (a WAV generated on the fly), and reports the server's
peak resident memory growth against the upload size, and the throughput. The upload carries an invalid option, so
it is refused after it has been fully received and written (nothing gets transcribed).

Usage: python benchmarks/upload_memory.py [--mb 1024]
"""

from __future__ import annotations

import argparse
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.transcription_service import TranscriptionService  # noqa: E402

BOUNDARY = "benchmark-boundary"
CHUNK = 1024 * 1024


def memory_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


class RssSampler(threading.Thread):
    """Samples the server's resident memory every 5 ms while the upload runs."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self._done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, memory_kb(self.pid, "VmRSS"))
            time.sleep(0.005)

    def finish(self) -> int:
        self._done.set()
        self.join()
        return self.peak


def wav_header(data_bytes: int) -> bytes:
    return (
        b"RIFF"
        + struct.pack("<I", 36 + data_bytes)
        + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, 1, 16000, 32000, 2, 16)
        + b"data"
        + struct.pack("<I", data_bytes)
    )


def body(megabytes: int) -> Iterator[bytes]:
    yield (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="language"\r\n\r\nxx\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.wav"\r\n'
        "Content-Type: audio/wav\r\n\r\n"
    ).encode()
    yield wav_header(megabytes * CHUNK - 44)
    zeros = bytes(CHUNK)
    for index in range(megabytes):
        yield zeros[:-44] if index == 0 else zeros
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


def post(url: str, megabytes: int) -> httpx.Response:
    headers = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}
    return httpx.post(f"{url}/transcribe/", content=body(megabytes), timeout=None, headers=headers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=1024)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = TranscriptionService(Path(tmp) / "data", settings={"TRANSCRIBE_MAX_UPLOAD_MB": str(args.mb + 16)})
        server.start()
        try:
            pid = server.pid
            assert post(server.url, 1).status_code == 422  # first request pays one-time costs
            before = memory_kb(pid, "VmRSS")
            sampler = RssSampler(pid)
            sampler.start()
            began = time.perf_counter()
            response = post(server.url, args.mb)
            took = time.perf_counter() - began
            peak = sampler.finish()
            left = list((server.data_dir / "uploads").iterdir())
        finally:
            server.stop()
    growth_mb = max(0, peak - before) / 1024
    rate = args.mb / took
    print(f"upload                 {args.mb:8d} MB in {took:.1f} s ({rate:.0f} MB/s), answer {response.status_code}")
    print(f"server RSS before      {before / 1024:8.0f} MB")
    print(f"server peak RSS        {peak / 1024:8.0f} MB (sampled every 5 ms during the upload)")
    print(f"peak growth            {growth_mb:8.1f} MB = {growth_mb / args.mb:.4f} of the upload size")
    print(f"files left in uploads  {len(left):8d}")


if __name__ == "__main__":
    main()
