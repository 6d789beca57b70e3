"""Known speakers in the distributed mode: the reference clips the API process decoded reach the worker as files
beside the upload in the shared folder, name the speaker there, and leave with the job."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.cluster import Cluster, running
from tests.support.known_voices import VoicedCall, data_url, reference_samples, two_voice_call, wav_bytes
from tests.support.redis_server import RedisServer
from tests.support.waiting import wait_for
from tests.transcription_api.conftest import API_KEY, Client


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("known-scale")
    with running(Cluster(root, RedisServer(root / "redis").start(), API_KEY, {}, workers=1)) as started:
        yield started


def test_a_worker_names_the_known_speaker_and_the_clip_leaves_with_the_job(
    cluster: Cluster, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("known-call")
    call: VoicedCall = two_voice_call(folder / "call.ogg")
    anna = data_url(wav_bytes(reference_samples("Anna", 10), folder, "anna"), "audio/wav")
    with Client(cluster.api.url) as client, call.path.open("rb") as handle:
        response = client.http.post(
            "/transcribe/",
            files={"file": ("call.ogg", handle)},
            data={"language": "en", "known_speaker_names[]": "Anna", "known_speaker_references[]": anna},
        )
        assert response.status_code == 200, response.text
        task_id = response.json()["task_id"]
        assert [p.name.split(".", 1)[1] for p in cluster.uploads()] in (
            ["upload", "upload.ref0.pcm"],
            ["upload.ref0.pcm", "upload"],
        )
        result = client.wait(task_id)["result"]
    assert "Anna" in result["speakers"] and result["known_speakers"][0]["named"]
    assert {call.persona_at(s["start"], s["end"]) for s in result["segments"] if s["speaker"] == "Anna"} == {"Anna"}
    wait_for(lambda: cluster.uploads() == [], 30, "the upload and its clip to be removed")
