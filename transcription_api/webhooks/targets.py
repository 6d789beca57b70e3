"""Which callback URLs the service calls: http(s) only, no credentials in the URL, and no private, loopback,
link-local, multicast, reserved or unspecified address (IPv4 or IPv6, v4-mapped and NAT64 included) unless the
allow-list names the host. Checked at submit and again before every request, after DNS resolution; the request then
goes to an address that was checked, so a DNS answer cannot change between the check and the connection.

Nothing here logs or repeats a URL's path or query: only ``Target.label`` (host and port) may be shown."""

from __future__ import annotations

import asyncio
import base64
import binascii
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
MAX_URL_LENGTH = 2048
SECRET_PREFIX = "whsec_"
DEFAULT_PORTS = {"http": 80, "https": 443}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class TargetRefused(ValueError):
    """A callback URL the service will not call; the message says why, naming at most its host."""


@dataclass(frozen=True, slots=True)
class Target:
    scheme: str
    host: str  # lower case, IDNA-encoded; an IPv6 literal without brackets
    port: int
    path: str  # path and query, as they are sent

    @property
    def authority(self) -> str:
        """The Host header: the host, and the port when it is not the scheme's default."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"

    @property
    def label(self) -> str:
        """What the job status and the log show of the URL: never its path or query."""
        return self.authority

    def url_at(self, address: IPAddress) -> str:
        """The URL with its host replaced by ``address`` (the connection goes there; Host and SNI keep the name)."""
        host = f"[{address}]" if address.version == 6 else str(address)
        return f"{self.scheme}://{host}:{self.port}{self.path}"


def check_url(url: str) -> Target:
    """Parse a callback URL, refusing what can never be called (TargetRefused, a ValueError)."""
    if len(url) > MAX_URL_LENGTH:
        raise TargetRefused(f"callback_url is longer than {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
        host = (parts.hostname or "").encode("idna").decode("ascii").lower()
    except (ValueError, UnicodeError) as exc:
        raise TargetRefused("callback_url is not a valid URL") from exc
    if parts.scheme not in DEFAULT_PORTS:
        raise TargetRefused("callback_url must be an http:// or https:// URL")
    if "@" in parts.netloc:
        raise TargetRefused("callback_url must not carry credentials (user:password@); authenticate by the signature")
    if not host:
        raise TargetRefused("callback_url has no host")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port or DEFAULT_PORTS[parts.scheme], path)


def check_secret(secret: str) -> None:
    """A Standard Webhooks secret: ``whsec_`` and the base64 of 24 to 64 random bytes."""
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("the webhook secret must be whsec_ followed by base64") from exc
    if not secret.startswith(SECRET_PREFIX) or not 24 <= len(key) <= 64:
        raise ValueError("the webhook secret must be whsec_ followed by the base64 of 24 to 64 random bytes")


@dataclass(frozen=True, slots=True)
class AllowList:
    """Hosts (``host``: any port, ``host:port``: that port) callbacks may reach although they are not public."""

    entries: frozenset[tuple[str, int | None]]

    @classmethod
    def parse(cls, text: str) -> AllowList:
        entries: set[tuple[str, int | None]] = set()
        for item in filter(None, (part.strip() for part in text.split(","))):
            parts = urlsplit(f"//{item}")
            entries.add(((parts.hostname or "").lower(), parts.port))
        return cls(frozenset(entries))

    def allows(self, target: Target) -> bool:
        return (target.host, None) in self.entries or (target.host, target.port) in self.entries


def refusal(address: IPAddress) -> str | None:
    """Why the service must not connect to ``address``, or None for a public unicast address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None and (reason := refusal(embedded)) is not None:
            return f"{reason} (inside {address})"
        if address.ipv4_mapped is not None:
            return f"IPv4-mapped address {address}"
    checks = (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("unspecified", address.is_unspecified),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("site-local", isinstance(address, ipaddress.IPv6Address) and address.is_site_local),
        ("not public", not address.is_global),
    )
    return next((f"{name} address {address}" for name, refused in checks if refused), None)


async def resolve(target: Target, allow: AllowList, timeout_s: float) -> list[IPAddress]:
    """The addresses to connect to, every one checked (unless the allow-list names the host): TargetRefused when the
    host does not resolve or any of its addresses is refused (a name that also points inward is not called)."""
    addresses = await _lookup(target, timeout_s)
    if not allow.allows(target):
        for address in addresses:
            if (reason := refusal(address)) is not None:
                raise TargetRefused(
                    f"callback host {target.label} is refused: {reason}; only public addresses are called"
                    " unless TRANSCRIBE_WEBHOOK_ALLOWED_HOSTS names the host"
                )
    return addresses


async def _lookup(target: Target, timeout_s: float) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(target.host)]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        found = await asyncio.wait_for(
            loop.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM), timeout=timeout_s
        )
    except (OSError, TimeoutError, UnicodeError) as exc:
        raise TargetRefused(f"callback host {target.label} does not resolve") from exc
    addresses: list[IPAddress] = []
    for *_, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise TargetRefused(f"callback host {target.label} does not resolve")
    return addresses
