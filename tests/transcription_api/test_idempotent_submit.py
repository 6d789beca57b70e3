"""A client-chosen task_id makes a retried upload answer with the job it already created, never a second job."""

from __future__ import annotations

import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.transcription_api.conftest import Client, Drill

TASK_ID_RULE = "task_id must be 16 to 64 characters, each a letter, digit, '-' or '_' (a random uuid4 hex is ideal)."


def no_orphan_uploads(drill: Drill) -> bool:
    live = {row["upload_path"] for row in drill.rows("upload_path IS NOT NULL")}
    return {str(path) for path in drill.uploads()} <= live


def test_the_same_task_id_twice_is_one_job(drill: Drill, drill_client: Client, clip: Path) -> None:
    task_id = uuid.uuid4().hex
    first = drill_client.submit(clip, task_id=task_id, diarize="false")
    assert first.status_code == 200 and first.json()["task_id"] == task_id
    assert first.headers["Idempotent-Replayed"] == "false"
    again = drill_client.submit(clip, task_id=task_id, language="fr")  # a retry; its options are not applied
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["creation_time"] == first.json()["creation_time"]
    with clip.open("rb") as handle:  # in the query: answered without storing the body
        by_query = drill_client.http.post(f"/transcribe/?task_id={task_id}", files={"file": ("a.wav", handle)})
    assert by_query.status_code == 200 and by_query.headers["Idempotent-Replayed"] == "true"
    assert by_query.json()["task_id"] == task_id
    assert no_orphan_uploads(drill)
    (row,) = drill.rows("id = ?", task_id)
    assert json.loads(row["options"])["language"] is None
    body = drill_client.wait(task_id)
    assert body["status"] == "completed"
    assert drill_client.submit(clip, task_id=task_id).json()["status"] == "completed"  # a late retry sees the result


def test_concurrent_submits_with_one_task_id_make_one_job(drill: Drill, clip: Path) -> None:
    task_id = uuid.uuid4().hex
    data = clip.read_bytes()

    def submit(_: int) -> httpx.Response:
        with Client(drill.service.url) as c:
            return c.http.post("/transcribe/", files={"file": ("a.wav", data)}, data={"task_id": task_id})

    with ThreadPoolExecutor(max_workers=4) as pool:
        responses = list(pool.map(submit, range(4)))
    assert [r.status_code for r in responses] == [200] * 4
    assert {r.json()["task_id"] for r in responses} == {task_id}
    assert sorted(r.headers["Idempotent-Replayed"] for r in responses) == ["false", "true", "true", "true"]
    assert len(drill.rows("id = ?", task_id)) == 1
    assert no_orphan_uploads(drill)
    with Client(drill.service.url) as c:
        assert c.wait(task_id)["status"] == "completed"


@pytest.mark.parametrize(
    "task_id", ["too-short-1234", "x" * 65, "has spaces in it 123", "../../etc/passwd-000", "ünïcödé-ünïcödé-1"]
)
def test_an_invalid_task_id_is_refused(drill: Drill, drill_client: Client, clip: Path, task_id: str) -> None:
    before = drill.uploads()
    in_form = drill_client.submit(clip, task_id=task_id)
    assert (in_form.status_code, in_form.json()) == (422, {"detail": TASK_ID_RULE})
    with clip.open("rb") as handle:
        in_query = drill_client.http.post("/transcribe/", params={"task_id": task_id}, files={"file": handle})
    assert (in_query.status_code, in_query.json()) == (422, {"detail": TASK_ID_RULE})
    assert drill.uploads() <= before


def test_a_user_tag_longer_than_64_characters_is_refused(drill_client: Client, clip: Path) -> None:
    response = drill_client.submit(clip, user_tag="u" * 65)
    assert (response.status_code, response.json()) == (422, {"detail": "user_tag must be at most 64 characters."})
