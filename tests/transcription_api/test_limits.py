"""The longest recording the service accepts (TRANSCRIBE_MAX_DURATION_HOURS; 18 s on the drill service)."""

from __future__ import annotations

from pathlib import Path

from tests.speech import ffmpeg
from tests.transcription_api.conftest import LIMIT_TEXT, Client, Drill


def test_a_recording_over_the_limit_is_refused_at_submit(drill: Drill, drill_client: Client, tmp_path: Path) -> None:
    tone = tmp_path / "long.wav"
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=300:duration=20", "-ar", "16000", str(tone))
    before = drill.uploads()
    response = drill_client.submit(tone)
    assert response.status_code == 422
    assert response.json() == {
        "detail": f"The recording is 20 s long; this service accepts recordings up to {LIMIT_TEXT}."
    }
    assert drill.uploads() <= before, "the refused upload must be removed"


def test_a_recording_that_hides_its_length_stops_decoding_at_the_limit(
    drill_client: Client, endless_webm: Path
) -> None:
    body = drill_client.wait(drill_client.submit_ok(endless_webm))
    assert (body["status"], body["result"]) == ("failed", None)
    assert body["error"] == (
        f"The recording is longer than {LIMIT_TEXT}, the longest this service accepts; it was not transcribed."
    )
