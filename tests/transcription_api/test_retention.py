"""Retention through the running service: nothing is purged before its client has seen it (drill service: 1.8 s
after the first fetch, 18 s for results nobody fetched, a purge pass every 0.2 s)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.support.drills import marked
from tests.support.waiting import wait_for
from tests.transcription_api.conftest import Client, Drill


def test_a_result_is_kept_until_fetched_then_for_the_retention_period(drill_client: Client, clip: Path) -> None:
    c = drill_client
    late, early, never = (c.submit_ok(clip, diarize="false") for _ in range(3))
    for task in (late, early, never):
        wait_for(lambda t=task: c.status(t)["status"] == "completed", 120, f"{task} to complete")  # type: ignore[misc]
    assert c.http.get(f"/transcribe/result/{early}").json()["result"]["segments"]  # the first fetch
    wait_for(lambda: c.gone(early), 30, "the fetched result to be purged")
    # 'late' finished before 'early' was fetched: it is past the retention period that just purged 'early'
    kept = c.http.get(f"/transcribe/result/{late}", params={"format": "txt"})
    assert kept.status_code == 200 and kept.text.strip()
    wait_for(lambda: c.gone(late), 30, "the late-fetched result to be purged after its own fetch")
    wait_for(lambda: c.gone(never), 60, "a result nobody fetched to be purged at the unfetched cap")


def test_failed_and_cancelled_jobs_count_as_fetched_once_reported(
    drill: Drill, drill_client: Client, clip: Path, endless_webm: Path, tmp_path: Path
) -> None:
    c = drill_client
    first_gate, second_gate = drill.gate(), drill.gate()
    c.submit_ok(marked(clip, tmp_path / "held.wav", first_gate.marker), diarize="false")
    first_gate.wait_held()
    unread, read = c.submit_ok(endless_webm), c.submit_ok(endless_webm)  # both fail: too long once decoded
    cancelled = c.submit_ok(marked(clip, tmp_path / "held2.wav", second_gate.marker), diarize="false")
    first_gate.release()
    second_gate.wait_held()  # both long recordings have failed by now
    assert [row["status"] for row in drill.rows("id IN (?, ?)", unread, read)] == ["failed", "failed"]
    assert c.http.delete(f"/transcribe/{cancelled}").json()["status"] == "cancelled"  # reports the cancel
    assert c.status(read)["status"] == "failed"  # reports the failure
    second_gate.release()
    wait_for(lambda: c.gone(read) and c.gone(cancelled), 30, "the reported jobs to be purged")
    # 'unread' failed first, so the never-fetched cap did not purge the others: their report did
    assert [row["status"] for row in drill.rows("id = ?", unread)] == ["failed"]


def test_the_worker_removes_upload_files_no_job_owns(drill: Drill) -> None:
    uploads = drill.service.data_dir / "uploads"
    orphan, arriving = uploads / "left-by-a-crash.upload", uploads / "still-streaming.upload"
    orphan.write_bytes(b"half a recording")
    an_hour_ago = time.time() - 3700
    os.utime(orphan, (an_hour_ago, an_hour_ago))
    arriving.write_bytes(b"the first bytes")
    try:
        wait_for(lambda: not orphan.exists(), 30, "the purge pass to remove the orphan upload")
        assert arriving.exists(), "a young file may be an upload in progress"
    finally:
        arriving.unlink(missing_ok=True)
