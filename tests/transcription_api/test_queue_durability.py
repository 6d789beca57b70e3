"""The queue survives crashes, cancels for real, and one failing job never stops the next."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from tests.speech import Dialogue, synthesize
from tests.support.drills import marked
from tests.support.transcription_service import TranscriptionService
from tests.transcription_api.conftest import BASE_MODEL, Client, Drill


def upload_path_of(data_dir: Path, task_id: str) -> Path:
    with sqlite3.connect(data_dir / "jobs.sqlite3") as db:
        (path,) = db.execute("SELECT upload_path FROM jobs WHERE id = ?", (task_id,)).fetchone()
    return Path(path)


def wait_status(client: Client, task_id: str, wanted: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.http.get(f"/transcribe/status/{task_id}").json()
        if status["status"] == wanted:
            return dict(status)
        time.sleep(0.05)
    raise AssertionError(f"{task_id} did not become {wanted} in {timeout:g} s; last status: {status}")


def test_jobs_survive_a_sigkill_and_finish_after_restart(tmp_path: Path, dialogue: Dialogue) -> None:
    server = TranscriptionService(tmp_path / "data", settings=BASE_MODEL)
    server.start()
    client = Client(server.url, key=None)
    try:
        tasks = [client.submit_ok(dialogue.path) for _ in range(3)]
        wait_status(client, tasks[0], "processing")
        before = [client.http.get(f"/transcribe/status/{t}").json()["status"] for t in tasks]
        server.kill()
        assert before == ["processing", "queued", "queued"]
        server.start()
        results = [client.wait(t) for t in tasks]
        assert [r["status"] for r in results] == ["completed"] * 3
        assert all(r["result"]["speakers"] == ["SPEAKER_00", "SPEAKER_01"] for r in results)
        assert list((server.data_dir / "uploads").iterdir()) == [], "uploads must be deleted when jobs end"
    finally:
        server.stop()


def test_cancel_a_queued_job_deletes_its_upload(client: Client, api: TranscriptionService, dialogue: Dialogue) -> None:
    running = client.submit_ok(dialogue.path)
    queued = client.submit_ok(dialogue.path)
    upload = upload_path_of(api.data_dir, queued)
    assert upload.exists()
    response = client.http.delete(f"/transcribe/{queued}")
    assert response.json() == {"task_id": queued, "status": "cancelled"}
    assert not upload.exists()
    status = client.http.get(f"/transcribe/status/{queued}").json()
    assert status["status"] == "cancelled" and status["queue_position"] is None
    result = client.http.get(f"/transcribe/result/{queued}", params={"format": "txt"})
    assert result.status_code == 409 and "cancelled" in result.json()["detail"]
    assert client.wait(running)["status"] == "completed"


def test_cancel_a_running_job_stops_it_and_the_queue_moves_on(client: Client, dialogue: Dialogue) -> None:
    running = client.submit_ok(dialogue.path)
    following = client.submit_ok(dialogue.path)
    wait_status(client, running, "processing")
    assert client.http.delete(f"/transcribe/{running}").json()["status"] == "cancelled"
    body = client.wait(running)
    assert body["status"] == "cancelled" and body["result"] is None
    assert client.wait(following)["status"] == "completed"
    assert client.http.get(f"/transcribe/status/{running}").json()["status"] == "cancelled"


def test_deleting_a_finished_job_removes_it(client: Client, tmp_path: Path) -> None:
    clip = synthesize([("alice", "Short note to delete.")], tmp_path / "note.wav")
    task = client.submit_ok(clip.path, diarize="false")
    assert client.wait(task)["status"] == "completed"
    assert client.http.delete(f"/transcribe/{task}").json() == {"task_id": task, "status": "deleted"}
    assert client.http.get(f"/transcribe/result/{task}").status_code == 404


def test_a_job_that_fails_in_the_engine_does_not_stop_the_worker(
    client: Client, api: TranscriptionService, dialogue: Dialogue, tmp_path: Path
) -> None:
    client.idle()  # the empty queue asserted at the end is then this test's doing
    first = client.submit_ok(dialogue.path)
    doomed = client.submit_ok(dialogue.path)
    after = client.submit_ok(dialogue.path)
    upload_path_of(api.data_dir, doomed).unlink()  # the disk loses the file while it waits in the queue
    failed = client.wait(doomed)
    assert failed["status"] == "failed"
    assert failed["error"] == "The uploaded file is no longer on disk; upload it again."
    assert client.wait(first)["status"] == "completed"
    assert client.wait(after)["status"] == "completed"
    health = client.http.get("/health").json()
    assert health["status"] == "ok" and health["queue"] == {"queued": 0, "processing": 0}


@pytest.mark.parametrize("fmt", ["txt", "srt"])
def test_result_of_an_unfinished_job_is_not_ready(
    drill: Drill, drill_client: Client, clip: Path, tmp_path: Path, fmt: str
) -> None:
    drill_client.idle()  # the position below counts from an empty queue
    gate = drill.gate()
    running = drill_client.submit_ok(marked(clip, tmp_path / "held.wav", gate.marker), diarize="false")
    gate.wait_held()
    task = drill_client.submit_ok(clip, diarize="false")
    early = drill_client.http.get(f"/transcribe/result/{task}", params={"format": fmt})
    assert early.status_code == 409
    assert early.json() == {"detail": "The job is queued (0%); the result is not ready yet."}
    as_json = drill_client.http.get(f"/transcribe/result/{task}").json()
    assert (as_json["status"], as_json["result"], as_json["queue_position"]) == ("queued", None, 1)
    assert drill_client.http.delete(f"/transcribe/{task}").json()["status"] == "cancelled"
    gate.release()
    assert drill_client.wait(running)["status"] == "completed"
