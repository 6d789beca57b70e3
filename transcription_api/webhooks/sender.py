"""One delivery attempt: the event POSTed with Standard Webhooks signature headers to the checked address of its
target, redirects followed by hand (at most MAX_REDIRECTS, each target checked again), the answer's body read no
further than BODY_CAP. Every hop has a deadline of its own (DNS, connection, answer)."""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from datetime import UTC, datetime
from urllib.parse import urljoin

import httpx
from standardwebhooks import Webhook

from transcription_api.webhooks.book import Outcome
from transcription_api.webhooks.models import Delivery
from transcription_api.webhooks.targets import AllowList, IPAddress, Target, TargetRefused, check_url, resolve

MAX_REDIRECTS = 3
BODY_CAP = 4096
REDIRECTS = (301, 302, 303, 307, 308)
USER_AGENT = "transcription-api-webhooks/1"


class Sender:
    """Sends attempts; one per call of ``send``, any number at once."""

    def __init__(self, secret: str, allow: AllowList, timeout_s: float, verify: ssl.SSLContext | bool = True) -> None:
        """``verify``: how receivers' certificates are checked (default: against certifi's public authorities)."""
        logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs each request's URL, query included, at INFO
        self._signer = Webhook(secret)
        self._allow = allow
        self.timeout_s = timeout_s
        # No proxies from the environment (they would bypass the address checks), no pooled connections (a pooled
        # TLS connection to one address could carry a request for another name), no automatic redirects.
        self._client = httpx.AsyncClient(
            trust_env=False,
            follow_redirects=False,
            timeout=timeout_s,
            verify=verify,
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    @property
    def longest_s(self) -> float:
        """The longest an attempt can take, redirects included."""
        return (MAX_REDIRECTS + 1) * self.timeout_s

    async def aclose(self) -> None:
        await self._client.aclose()

    async def send(self, delivery: Delivery) -> Outcome:
        body = delivery.body()
        target, status = check_url(delivery.url), None
        for _ in range(MAX_REDIRECTS + 1):
            try:
                async with asyncio.timeout(self.timeout_s):
                    addresses = await resolve(target, self._allow, self.timeout_s)
                    status, location = await self._post(target, addresses, delivery, body)
            except TargetRefused as exc:
                where = "target" if status is None else "redirect"
                return Outcome(False, status, f"refused {where}: {exc}", final=True)
            except (TimeoutError, httpx.TimeoutException):
                return Outcome(False, None, f"no answer from {target.label} within {self.timeout_s:g} s")
            except httpx.HTTPError as exc:
                return Outcome(False, None, f"{target.label}: {type(exc).__name__}: {str(exc)[:200]}")
            if 200 <= status < 300:
                return Outcome(True, status, None)
            if status == 410:
                return Outcome(False, status, f"{target.label} answered 410 Gone: no more attempts", final=True)
            if status not in REDIRECTS or not location:
                return Outcome(False, status, f"{target.label} answered HTTP {status}")
            try:
                target = check_url(urljoin(f"{target.scheme}://{target.authority}{target.path}", location))
            except TargetRefused as exc:
                return Outcome(False, status, f"refused redirect: {exc}", final=True)
        return Outcome(False, status, f"more than {MAX_REDIRECTS} redirects")

    async def _post(
        self, target: Target, addresses: list[IPAddress], delivery: Delivery, body: bytes
    ) -> tuple[int, str | None]:
        """POST to the first of ``addresses`` that accepts a connection; (status, Location header)."""
        now = time.time()
        headers = {
            "host": target.authority,
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            "webhook-id": delivery.event_id,
            "webhook-timestamp": str(int(now)),
            "webhook-signature": self._signer.sign(delivery.event_id, datetime.fromtimestamp(now, UTC), body),
        }
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        failure: httpx.ConnectError | None = None
        for address in addresses:
            request = self._client.build_request(
                "POST", target.url_at(address), content=body, headers=headers, extensions=extensions
            )
            try:
                response = await self._client.send(request, stream=True)
            except httpx.ConnectError as exc:
                failure = exc
                continue
            try:
                await _drain(response)
            finally:
                await response.aclose()
            return response.status_code, response.headers.get("location")
        assert failure is not None  # resolve() returns at least one address
        raise failure


async def _drain(response: httpx.Response) -> None:
    """Read at most BODY_CAP bytes of the answer (nothing in it is used), so that the receiver finishes writing."""
    read = 0
    async for chunk in response.aiter_raw():
        read += len(chunk)
        if read >= BODY_CAP:
            break
