"""Cancelling a running job stops the engine itself, not only the job's status: the worker's progress callback
raises, the decode is abandoned and not one second of the recording reaches speech recognition."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.drills import marked
from tests.transcription_api.conftest import Client, Drill

ASR_SECONDS = "transcription_asr_audio_seconds_total"


def metric(client: Client, sample: str) -> float:
    """One sample of the service's /metrics (0 while a labelled counter has not counted yet)."""
    for line in client.http.get("/metrics").text.splitlines():
        name, _, value = line.rpartition(" ")
        if name == sample:
            return float(value)
    return 0.0


def test_a_cancelled_job_gives_no_audio_to_recognition(
    drill: Drill, drill_client: Client, clip: Path, tmp_path: Path
) -> None:
    drill_client.idle()
    before = metric(drill_client, ASR_SECONDS)
    gate = drill.gate()
    held = drill_client.submit_ok(marked(clip, tmp_path / "held.wav", gate.marker), diarize="false")
    gate.wait_held()  # the worker is inside the decode of the held job
    assert drill_client.http.delete(f"/transcribe/{held}").json() == {"task_id": held, "status": "cancelled"}
    gate.release()  # a worker that ignored the cancel would now decode it and recognize its speech
    after = drill_client.wait(drill_client.submit_ok(clip, diarize="false"))  # runs once the held job has ended
    assert after["status"] == "completed"
    recognized = metric(drill_client, ASR_SECONDS) - before
    assert recognized == pytest.approx(after["result"]["duration"], abs=0.01)  # the second job's audio, only
    assert metric(drill_client, 'transcription_jobs_finished_total{status="cancelled"}') >= 1
