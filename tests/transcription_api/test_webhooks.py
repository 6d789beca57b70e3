"""Webhooks against a real receiver on 127.0.0.1 (allowed by TRANSCRIBE_WEBHOOK_ALLOWED_HOSTS, one port only), sent by
the real service under uvicorn: signed as Standard Webhooks says (checked with the `standardwebhooks` package), retried
with the same webhook-id until a 2xx, kept across a restart, and never sent to private targets, whether named at
submit or reached by a redirect."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from tests.fakes.webhook_receiver import HOLD, Answer, Received, WebhookReceiver
from tests.support.redis_server import RedisServer
from tests.support.transcription_service import TranscriptionService
from tests.support.waiting import wait_for
from tests.transcription_api.conftest import API_KEY, Client

SECRET = "whsec_" + base64.b64encode(b"webhook-test-secret-of-32-bytes!").decode()


@pytest.fixture(scope="module")
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def outsider() -> Iterator[WebhookReceiver]:
    """Another loopback receiver, on a port the allow-list does not name: it must never be called."""
    server = WebhookReceiver().start()
    yield server
    server.stop()


def webhook_settings(receiver: WebhookReceiver) -> dict[str, str]:
    return {
        "TRANSCRIBE_WEBHOOK_SECRET": SECRET,
        "TRANSCRIBE_WEBHOOK_ALLOWED_HOSTS": f"127.0.0.1:{receiver.port}",
        "TRANSCRIBE_WEBHOOK_RETRY_FIRST_S": "0.2",  # a fast schedule: 0.2 s, 0.4 s, then every 0.5 s
        "TRANSCRIBE_WEBHOOK_RETRY_FACTOR": "2",
        "TRANSCRIBE_WEBHOOK_RETRY_MAX_S": "0.5",
        "TRANSCRIBE_WEBHOOK_POLL_INTERVAL_S": "0.1",
        "TRANSCRIBE_WEBHOOK_TIMEOUT_S": "5",
        "TRANSCRIBE_LOG_LEVEL": "info",
    }


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, receiver: WebhookReceiver) -> Iterator[TranscriptionService]:
    settings = webhook_settings(receiver)
    server = TranscriptionService(tmp_path_factory.mktemp("webhooks") / "data", api_key=API_KEY, settings=settings)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def client(service: TranscriptionService) -> Iterator[Client]:
    with Client(service.url) as c:
        yield c


def hook_path() -> str:
    return f"/hooks/{uuid.uuid4().hex[:8]}"


def cancelled_job(client: Client, clip: Path, callback_url: str) -> str:
    """A job that ends at once: submitted with the callback, then cancelled."""
    task = client.submit_ok(clip, diarize="false", callback_url=callback_url)
    assert client.http.delete(f"/transcribe/{task}").json()["status"] == "cancelled"
    return task


def webhook(client: Client, task: str, state: str) -> dict[str, Any]:
    """The job status's ``webhook`` once its delivery is in ``state``."""
    found: dict[str, Any] = {}

    def reached() -> bool:
        found.update(client.status(task)["webhook"] or {})
        return found.get("state") == state

    wait_for(reached, 60, f"the webhook of {task} to be {state}")
    return found


def verified(request: Received) -> dict[str, Any]:
    payload: dict[str, Any] = Webhook(SECRET).verify(request.body, request.headers)
    return payload


def test_a_finished_job_calls_back_once_signed_without_its_transcript(
    client: Client, receiver: WebhookReceiver, service: TranscriptionService, clip: Path
) -> None:
    path = hook_path()
    task = client.submit_ok(clip, diarize="false", callback_url=receiver.url(path) + "?token=query-secret-42")
    status = webhook(client, task, "delivered")
    (request,) = receiver.received(path)
    event = verified(request)
    assert event["type"] == "transcription.completed" and event["timestamp"].endswith("Z")
    assert event["data"] == {
        "task_id": task,
        "status": "completed",
        "error": None,
        "result_path": f"/transcribe/result/{task}",
    }
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(request.body.replace(b"completed", b"cancelled"), request.headers)
    assert request.path == f"{path}?token=query-secret-42"
    assert request.headers["host"] == f"127.0.0.1:{receiver.port}"
    assert request.headers["webhook-id"] == status["event_id"]
    result = client.http.get(event["data"]["result_path"]).json()
    assert result["status"] == "completed" and "contract" in result["result"]["segments"][0]["text"].lower()
    assert status["host"] == f"127.0.0.1:{receiver.port}"
    assert (status["attempts"], status["last_status_code"], status["last_error"]) == (1, 200, None)
    assert status["delivered_at"] is not None and status["next_attempt_at"] is None
    shown = json.dumps(client.status(task)) + service.log_path.read_text()
    assert "query-secret-42" not in shown and path not in shown, "the URL's path and query are never shown or logged"


def test_a_receiver_failing_twice_gets_the_third_try_with_the_same_id(
    client: Client, receiver: WebhookReceiver, clip: Path
) -> None:
    path = hook_path()
    receiver.script(path, 500, 503)
    task = cancelled_job(client, clip, receiver.url(path))
    status = webhook(client, task, "delivered")
    requests = receiver.received(path)
    assert len(requests) == 3 and status["attempts"] == 3 and status["last_status_code"] == 200
    assert {r.headers["webhook-id"] for r in requests} == {status["event_id"]}
    assert {r.body for r in requests} == {requests[0].body}, "every attempt sends the same event"
    events = [verified(r) for r in requests]
    assert events[0]["type"] == "transcription.cancelled" and events[0]["data"]["status"] == "cancelled"
    assert "result_path" not in events[0]["data"]


def test_410_gone_stops_the_retries(client: Client, receiver: WebhookReceiver, clip: Path) -> None:
    gone, later = hook_path(), hook_path()
    receiver.script(gone, 410)
    task = cancelled_job(client, clip, receiver.url(gone))
    status = webhook(client, task, "failed")
    assert (status["attempts"], status["last_status_code"]) == (1, 410) and "410" in status["last_error"]
    webhook(client, cancelled_job(client, clip, receiver.url(later)), "delivered")  # the deliverer moved on
    assert len(receiver.received(gone)) == 1


def test_a_restart_between_tries_loses_nothing_and_duplicates_nothing(
    client: Client, receiver: WebhookReceiver, service: TranscriptionService, clip: Path
) -> None:
    path, after = hook_path(), hook_path()
    receiver.script(path, 500, HOLD)  # the first try fails; the second is still open when the service stops
    task = cancelled_job(client, clip, receiver.url(path))
    receiver.wait_count(path, 2)
    service.stop()
    receiver.release()
    assert len(receiver.received(path)) == 2
    service.start()
    status = webhook(client, task, "delivered")
    webhook(client, cancelled_job(client, clip, receiver.url(after)), "delivered")  # a later event went out too
    requests = receiver.received(path)
    assert len(requests) == 3 and status["attempts"] == 3
    assert {r.headers["webhook-id"] for r in requests} == {status["event_id"]}
    assert all(verified(r)["data"]["task_id"] == task for r in requests)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.0.0.7/hook", "private address 10.0.0.7"),
        ("http://169.254.169.254/latest/meta-data/", "link-local address 169.254.169.254"),
        ("http://[::1]:{port}/hook", "loopback address ::1"),
        ("http://[::ffff:127.0.0.1]:{port}/hook", "loopback address 127.0.0.1"),
        ("http://[fd00::5]/hook", "private address fd00::5"),
        ("http://0.0.0.0:{port}/hook", "unspecified address 0.0.0.0"),
        ("http://localhost:{port}/hook", "loopback address"),  # resolved: the allow-list names 127.0.0.1 only
        ("http://127.0.0.1:{other}/hook", "loopback address 127.0.0.1"),  # a port the allow-list does not name
        ("http://user:pw@127.0.0.1:{port}/hook", "must not carry credentials"),
        ("ftp://127.0.0.1:{port}/hook", "http:// or https://"),
    ],
)
def test_a_private_target_is_refused_at_submit(
    client: Client, receiver: WebhookReceiver, outsider: WebhookReceiver, clip: Path, url: str, reason: str
) -> None:
    response = client.submit(clip, callback_url=url.format(port=receiver.port, other=outsider.port))
    assert response.status_code == 400, response.text
    assert response.json()["detail"].startswith("callback_url refused:") and reason in response.json()["detail"]


def test_a_redirect_to_a_private_target_is_refused_at_delivery(
    client: Client, receiver: WebhookReceiver, outsider: WebhookReceiver, clip: Path
) -> None:
    metadata, loopback, moved, new_home = hook_path(), hook_path(), hook_path(), hook_path()
    receiver.script(metadata, Answer(307, "http://169.254.169.254/latest/meta-data/iam"))
    receiver.script(loopback, Answer(308, outsider.url("/steal")))
    receiver.script(moved, Answer(301, new_home))  # a relative redirect to the allowed host: followed
    tasks = [cancelled_job(client, clip, receiver.url(p)) for p in (metadata, loopback, moved)]
    refused = [webhook(client, task, "failed") for task in tasks[:2]]
    assert "169.254.169.254" in refused[0]["last_error"] and "link-local" in refused[0]["last_error"]
    assert "loopback" in refused[1]["last_error"]
    assert [(s["attempts"], s["last_status_code"]) for s in refused] == [(1, 307), (1, 308)]
    assert all(s["last_error"].startswith("refused redirect") for s in refused)
    assert outsider.received("/steal") == []
    followed = webhook(client, tasks[2], "delivered")
    (first,), (second,) = receiver.received(moved), receiver.received(new_home)
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == followed["event_id"]
    assert verified(second)["data"]["task_id"] == tasks[2]


def test_api_processes_sharing_redis_send_each_attempt_once(
    tmp_path: Path, receiver: WebhookReceiver, clip: Path
) -> None:
    """The distributed mode: two API processes (no worker: the jobs are cancelled while queued) both run a deliverer
    on the same Redis; every event still gets exactly its attempts, whichever process made them."""
    redis_server = RedisServer(tmp_path / "redis").start()
    settings = {**webhook_settings(receiver), "TRANSCRIBE_QUEUE_URL": redis_server.url}
    apis = [TranscriptionService(tmp_path / "data", api_key=API_KEY, settings=settings) for _ in range(2)]
    try:
        for api in apis:
            api.start()
        paths = [hook_path() for _ in range(6)]
        for path in paths:
            receiver.script(path, 500)  # each event: one failed try, then delivered
        clients = [Client(api.url) for api in apis]
        tasks = [cancelled_job(clients[n % 2], clip, receiver.url(path)) for n, path in enumerate(paths)]
        states = [webhook(clients[(n + 1) % 2], task, "delivered") for n, task in enumerate(tasks)]
        webhook(clients[0], cancelled_job(clients[1], clip, receiver.url(hook_path())), "delivered")
        assert [len(receiver.received(path)) for path in paths] == [2] * 6
        assert [s["attempts"] for s in states] == [2] * 6
        for path, state in zip(paths, states, strict=True):
            assert {r.headers["webhook-id"] for r in receiver.received(path)} == {state["event_id"]}
        for client in clients:
            client.http.close()
    finally:
        for api in apis:
            api.stop()
        redis_server.stop()
