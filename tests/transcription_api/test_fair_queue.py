"""The queue is fair across user tags, and queue positions say where a job really is."""

from __future__ import annotations

from pathlib import Path

from tests.support.drills import marked
from tests.transcription_api.conftest import Client, Drill


def test_a_second_user_is_not_stuck_behind_the_first_users_ten_recordings(
    drill: Drill, drill_client: Client, clip: Path, tmp_path: Path
) -> None:
    c = drill_client
    c.idle()  # the positions below count from an empty queue
    first_gate, second_gate = drill.gate(), drill.gate()
    alice = [c.submit_ok(marked(clip, tmp_path / "a0.wav", first_gate.marker), user_tag="alice", diarize="false")]
    first_gate.wait_held()  # the worker is busy with alice's first recording while the rest arrive
    alice.append(c.submit_ok(marked(clip, tmp_path / "a1.wav", second_gate.marker), user_tag="alice", diarize="false"))
    alice += [c.submit_ok(clip, user_tag="alice", diarize="false") for _ in range(8)]
    bob = c.submit_ok(clip, user_tag="bob", diarize="false")

    assert [c.status(task)["queue_position"] for task in alice] == [0, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert c.status(bob)["queue_position"] == 1

    first_gate.release()
    second_gate.wait_held()  # the worker has taken alice's second recording: bob's came before it
    assert c.status(bob)["status"] == "completed"
    tenth = c.status(alice[9])
    assert (tenth["status"], tenth["queue_position"]) == ("queued", 8)
    (bob_row,) = drill.rows("id = ?", bob)
    (second_row,) = drill.rows("id = ?", alice[1])
    assert bob_row["started_at"] < second_row["started_at"]

    for task in alice[2:]:
        assert c.http.delete(f"/transcribe/{task}").json() == {"task_id": task, "status": "cancelled"}
    second_gate.release()
    assert c.wait(alice[1])["status"] == "completed"
