"""An HTTPS callback (a real TLS receiver with a certificate for "localhost" only): the sender connects to the address
it resolved and checked, yet asks for the URL's name by SNI and in Host and verifies the certificate against that name,
so an address swapped in by DNS between check and connection is never what is trusted."""

from __future__ import annotations

import base64
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from standardwebhooks import Webhook

from tests.fakes.webhook_receiver import WebhookReceiver
from transcription_api.webhooks.models import Delivery, DeliveryState
from transcription_api.webhooks.sender import Sender
from transcription_api.webhooks.targets import AllowList

SECRET = "whsec_" + base64.b64encode(b"tls-webhook-test-secret-32-bytes").decode()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def receiver(certificate: tuple[Path, Path]) -> Iterator[WebhookReceiver]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    server = WebhookReceiver(tls=context).start()
    yield server
    server.stop()


def delivery(url: str) -> Delivery:
    new = Delivery.new("job-1", url, time.time())
    return replace(new, state=DeliveryState.PENDING, event="completed", finished_at=time.time(), attempts=1)


async def test_the_checked_address_is_called_with_the_name_in_sni_and_host(
    receiver: WebhookReceiver, certificate: tuple[Path, Path]
) -> None:
    trust = ssl.create_default_context(cafile=str(certificate[0]))
    sender = Sender(SECRET, AllowList.parse(f"localhost:{receiver.port}"), 5.0, verify=trust)
    try:
        outcome = await sender.send(delivery(receiver.url("/hook", host="localhost") + "?key=1"))
    finally:
        await sender.aclose()
    assert outcome.delivered and outcome.status_code == 200, outcome
    (request,) = receiver.received("/hook")
    assert request.headers["host"] == f"localhost:{receiver.port}" and "localhost" in receiver.server_names
    assert Webhook(SECRET).verify(request.body, request.headers)["data"]["task_id"] == "job-1"


async def test_a_certificate_for_another_name_than_the_urls_is_refused(
    receiver: WebhookReceiver, certificate: tuple[Path, Path]
) -> None:
    trust = ssl.create_default_context(cafile=str(certificate[0]))
    sender = Sender(SECRET, AllowList.parse(f"127.0.0.1:{receiver.port}"), 5.0, verify=trust)
    try:
        outcome = await sender.send(delivery(receiver.url("/hook")))  # the same server, named by its address
    finally:
        await sender.aclose()
    assert not outcome.delivered and outcome.status_code is None and not outcome.final
    assert "CERTIFICATE_VERIFY_FAILED" in (outcome.error or "") and receiver.received("/hook") == []
