"""The service under crashes: a recording that takes the process down fails after three tries while the queue moves
on, and a worker thread that dies makes the process exit non-zero so that its supervisor restarts it."""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

from tests.support.drills import Gate, crash_marker, drill_settings, hang_marker, marked
from tests.support.transcription_service import TranscriptionService
from tests.transcription_api.conftest import Client

POISON_ERROR = (
    "This recording stopped the transcription service 3 times (crash, out of memory or a decoder hang);"
    " it was not transcribed."
)


def test_a_recording_that_kills_the_service_three_times_fails_and_the_queue_moves_on(
    tmp_path: Path, clip: Path
) -> None:
    gates = tmp_path / "gates"
    service = TranscriptionService(tmp_path / "data", settings=drill_settings(gates)).start()
    client = Client(service.url, key=None)
    gate = Gate(gates)
    try:
        held = client.submit_ok(marked(clip, tmp_path / "held.wav", gate.marker), diarize="false")
        gate.wait_held()  # the recordings below queue up behind it
        poison = client.submit_ok(marked(clip, tmp_path / "poison.wav", crash_marker()), diarize="false")
        after = [client.submit_ok(clip, diarize="false") for _ in range(2)]
        gate.release()
        for death in (1, 2, 3):
            assert service.wait_exit(timeout=180) == -signal.SIGKILL, f"death {death}"
            leftovers = list((service.data_dir / "work").glob("decoded-*.pcm"))
            assert len(leftovers) == 1, leftovers  # it died while decoding into this file
            if death < 3:
                service.launch()  # a supervisor restarts it; the job is re-queued and takes it down again
        service.start()
        failed = client.wait(poison)
        assert (failed["status"], failed["error"], failed["result"]) == ("failed", POISON_ERROR, None)
        assert (failed["attempt"], failed["recovered"]) == (3, True)  # what a client shows: crashes cut it short
        done = [client.wait(task) for task in (held, *after)]
        assert [(d["status"], d["attempt"], d["recovered"]) for d in done] == [("completed", 1, False)] * 3
        assert list((service.data_dir / "uploads").iterdir()) == []
        assert list((service.data_dir / "work").iterdir()) == []  # the dead runs' decoded audio is gone too
    finally:
        gate.release()
        client.http.close()
        service.stop()


def test_a_decoder_that_hangs_is_killed_at_the_time_limit_and_the_queue_moves_on(tmp_path: Path, clip: Path) -> None:
    settings = {**drill_settings(tmp_path / "gates"), "TRANSCRIBE_FFMPEG_TIMEOUT_S": "3"}
    service = TranscriptionService(tmp_path / "data", settings=settings).start()
    client = Client(service.url, key=None)
    try:
        hung = client.submit_ok(marked(clip, tmp_path / "hang.wav", hang_marker()), diarize="false")
        after = client.submit_ok(clip, diarize="false")
        failed = client.wait(hung)
        assert (failed["status"], failed["result"]) == ("failed", None)
        assert failed["error"] == (
            "Decoding the recording took longer than 3 s (TRANSCRIBE_FFMPEG_TIMEOUT_S); the file may be damaged."
        )
        assert client.wait(after)["status"] == "completed"
        assert list((service.data_dir / "uploads").iterdir()) == []
        assert service.health()["status"] == "ok", "the service must survive a hung decoder"
    finally:
        client.http.close()
        service.stop()


def test_a_worker_thread_that_dies_stops_the_process_with_an_error(tmp_path: Path) -> None:
    service = TranscriptionService(tmp_path / "data", settings={"TRANSCRIBE_PURGE_INTERVAL_S": "0.5"}).start()
    other_program = sqlite3.connect(service.data_dir / "jobs.sqlite3", isolation_level=None)
    try:
        other_program.execute("BEGIN IMMEDIATE")  # holds the write lock: the worker's next claim fails
        code = service.wait_exit(timeout=60)
    finally:
        other_program.close()
        service.stop()
    assert code == 1
    log = service.log_path.read_text()
    assert "transcription_api stopped: the worker thread died: OperationalError: database is locked" in log
