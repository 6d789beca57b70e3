"""Streaming in the distributed mode: a worker (``python -m transcription_api.worker``) writes a job's events to its
Redis stream as it works, fenced to its run; the stateless API serves them as server-sent events, and through the
real ``openai`` client with ``stream=True``. Blocks of 8 s (TRANSCRIBE_BLOCK_S), as in test_streaming.py."""

from __future__ import annotations

import re
from collections.abc import Iterator

import openai
import pytest

from tests.speech import Dialogue
from tests.support.cluster import Cluster, running
from tests.support.redis_server import RedisServer
from tests.transcription_api.conftest import API_KEY, Client
from tests.transcription_api.test_streaming import BLOCK_S, follow, words


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("stream-cluster")
    redis_server = RedisServer(root / "redis").start()
    cluster = Cluster(root, redis_server, API_KEY, {"TRANSCRIBE_BLOCK_S": str(BLOCK_S)}, workers=1)
    with running(cluster) as started:
        yield started


def test_events_come_through_redis_and_resume_after_a_reconnect(cluster: Cluster, dialogue: Dialogue) -> None:
    with Client(cluster.api.url) as client:
        task = client.submit_ok(dialogue.path)
        before = []
        for event in follow(client, task):
            before.append(event)
            if event.kind == "segment":
                break
        assert client.status(task)["status"] == "processing"
        after = list(follow(client, task, headers={"Last-Event-ID": str(before[-1].id)}))
        whole = list(follow(client, task))
        assert before + after == whole and whole[-1].kind == "done"
        assert all(re.fullmatch(r"\d+-\d+", str(e.id)) for e in whole)  # the Redis stream's own ids
        segments = [e.data for e in whole if e.kind == "segment"]
        assert len(segments) >= 4 and segments[-1]["start"] > 2 * BLOCK_S
        result = client.wait(task)["result"]
        assert words(" ".join(s["text"] for s in segments)) == words(" ".join(s["text"] for s in result["segments"]))
        redis = cluster.redis.client()
        assert redis.exists(f"transcribe:events:{task}") == 1
        assert client.http.delete(f"/transcribe/{task}").json()["status"] == "deleted"
        assert redis.exists(f"transcribe:events:{task}") == 0  # the log goes with its job


def test_openai_stream_through_the_cluster(cluster: Cluster, dialogue: Dialogue) -> None:
    oai = openai.OpenAI(base_url=f"{cluster.api.url}/v1", api_key=API_KEY, max_retries=0, timeout=120)
    with dialogue.path.open("rb") as handle:
        stream = oai.audio.transcriptions.create(model="whisper-1", file=handle, stream=True)
    task = stream.response.headers["x-task-id"]
    with Client(cluster.api.url) as client:
        status_at_first_segment = None
        events = []
        for event in stream:
            if event.type == "transcript.text.segment" and status_at_first_segment is None:
                status_at_first_segment = client.status(task)["status"]
            events.append(event)
    assert status_at_first_segment == "processing"
    assert events[-1].type == "transcript.text.done" and "payment system" in events[-1].text.lower()
    deltas = "".join(e.delta for e in events if e.type == "transcript.text.delta")
    assert words(deltas) == words(events[-1].text)
