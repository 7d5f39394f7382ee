"""The SSRF guard: a submitted URL must never reach inside our own network.

Checking a URL's host before handing it to an HTTP client is not enough: the
name can resolve to a public address for the check and to 127.0.0.1 for the
connect (DNS rebinding), and an address has many spellings (2130706433,
0x7f000001, 127.1, ::ffff:127.0.0.1, 2002:7f00:1::, 64:ff9b::7f00:1). So the
guard sits in the network backend that httpcore opens sockets with: it
resolves the host itself, vets every address the resolver returned, and then
connects to the vetted IP. TLS SNI and the Host header still carry the
hostname, because httpcore takes those from the URL, not from the socket.
"""

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

import httpcore

from worker.errors import StageError, TransientError

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network

_V4, _V6 = ipaddress.IPv4Network, ipaddress.IPv6Network

# Named, so that a refusal can say what kind of network it is. Python's is_global
# is checked as well, but not relied on: in 3.11 it calls 224.0.0.1, 3fff::1 and
# ::5db8:d822 global.
BLOCKED_V4: tuple[tuple[IPv4Network, str], ...] = (
    (_V4("0.0.0.0/8"), "unspecified, “this network”"),
    (_V4("10.0.0.0/8"), "private"),
    (_V4("100.64.0.0/10"), "carrier-grade NAT"),
    (_V4("127.0.0.0/8"), "loopback"),
    (_V4("169.254.0.0/16"), "link-local, where cloud metadata services live"),
    (_V4("172.16.0.0/12"), "private"),
    (_V4("192.0.0.0/24"), "IETF protocol assignment"),
    (_V4("192.0.2.0/24"), "documentation"),
    (_V4("192.88.99.0/24"), "6to4 relay"),
    (_V4("192.168.0.0/16"), "private"),
    (_V4("198.18.0.0/15"), "benchmarking"),
    (_V4("198.51.100.0/24"), "documentation"),
    (_V4("203.0.113.0/24"), "documentation"),
    (_V4("224.0.0.0/4"), "multicast"),
    (_V4("240.0.0.0/4"), "reserved"),  # includes 255.255.255.255, broadcast
)

BLOCKED_V6: tuple[tuple[IPv6Network, str], ...] = (
    (_V6("::/128"), "unspecified"),
    (_V6("::1/128"), "loopback"),
    (_V6("64:ff9b:1::/48"), "local-use NAT64"),
    (_V6("100::/64"), "discard-only"),
    (_V6("2001::/23"), "IETF protocol assignment"),  # Teredo 2001::/32 and ORCHID
    (_V6("2001:db8::/32"), "documentation"),
    (_V6("3fff::/20"), "documentation"),
    (_V6("5f00::/16"), "segment-routing"),
    (_V6("fc00::/7"), "unique-local, private"),
    (_V6("fe80::/10"), "link-local"),
    (_V6("fec0::/10"), "site-local"),
    (_V6("ff00::/8"), "multicast"),
)

# IPv6 forms that carry an IPv4 address and reach exactly that host (a dual-stack
# socket, a NAT64 gateway, a 6to4 relay): judged by the IPv4 address inside, so
# that ::ffff:10.0.0.1 is as blocked as 10.0.0.1 while NAT64 on an IPv6-only
# host (DNS64 answers 64:ff9b::a.b.c.d for IPv4-only sites) keeps working.
_MAPPED = _V6("::ffff:0:0/96")
_NAT64 = _V6("64:ff9b::/96")
_SIX_TO_FOUR = _V6("2002::/16")
# Deprecated or tunnel forms nobody publishes a news site on: blocked outright,
# but their IPv4 is still extracted so the reason names what they point at.
_COMPATIBLE = _V6("::/96")
_TRANSLATED = _V6("::ffff:0:0:0/96")
_TEREDO = _V6("2001::/32")
_GLOBAL_UNICAST = _V6("2000::/3")


def embedded_ipv4(address: IPv6Address) -> list[IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (mapped, compatible, 6to4, NAT64, Teredo)."""
    low32 = IPv4Address(int(address) & 0xFFFFFFFF)
    if address in _MAPPED or address in _TRANSLATED or address in _NAT64:
        return [low32]
    if address in _COMPATIBLE:
        return [low32] if int(address) > 1 else []  # :: and ::1 are themselves
    if address in _SIX_TO_FOUR:
        return [IPv4Address((int(address) >> 80) & 0xFFFFFFFF)]
    if address in _TEREDO:
        server, client = address.teredo or (None, None)
        return [a for a in (client, server) if a is not None]
    return []


def blocked_reason(address: IPAddress) -> str | None:
    """None for a public address; otherwise what kind of network it belongs to."""
    if isinstance(address, IPv4Address):
        return _blocked_v4(address)
    address = IPv6Address(int(address))  # drop a %scope: it does not change the network
    for inner in embedded_ipv4(address):
        kind = _blocked_v4(inner)
        if kind is not None:
            return f"the IPv6 form of {inner}: {kind}"
    for network, kind in BLOCKED_V6:
        if address in network:
            return kind
    if address in _MAPPED or address in _NAT64 or address in _SIX_TO_FOUR:
        return None  # the IPv4 inside is public
    if address in _COMPATIBLE or address in _TRANSLATED:
        return "deprecated IPv4-in-IPv6 form"
    if address not in _GLOBAL_UNICAST or not address.is_global:
        return "reserved"
    return None


def _blocked_v4(address: IPv4Address) -> str | None:
    for network, kind in BLOCKED_V4:
        if address in network:
            return kind
    return None if address.is_global else "reserved"


def is_public(address: IPAddress) -> bool:
    return blocked_reason(address) is None


@dataclass(frozen=True)
class Allowlist:
    """What the operator lets through although it is not public (WARTA_FETCH_ALLOWLIST).

    A hostname entry matches that exact host in the URL, whatever it resolves to.
    An IP or CIDR entry matches the address connected to, in its own family only:
    127.0.0.1 does not let ::ffff:127.0.0.1 through. A mapped or 6to4 literal in a
    URL is a classic filter evasion and no real site needs it, so it stays blocked
    unless the operator lists that IPv6 form itself.
    """

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, text: str) -> "Allowlist":
        hosts, networks = set(), []
        for entry in (part.strip().lower().rstrip(".") for part in text.split(",")):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                hosts.add(entry)
        return cls(frozenset(hosts), tuple(networks))

    def allows_host(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.hosts

    def allows_address(self, address: IPAddress) -> bool:
        return any(
            address.version == network.version and address in network for network in self.networks
        )


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the system resolver gives for host (numeric forms included)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError as exc:
        raise StageError("invalid_url", f"The host name '{host}' is not valid.") from exc
    except socket.gaierror as exc:
        reason = f"The host name '{host}' could not be resolved ({exc.strerror})."
        if exc.errno == socket.EAI_AGAIN:  # the DNS server failed, not the name
            raise TransientError("dns_failed", reason) from exc
        raise StageError("dns_failed", reason) from exc
    addresses: list[IPAddress] = []
    for family, *_, sockaddr in infos:
        if family in (socket.AF_INET, socket.AF_INET6):
            address = ipaddress.ip_address(str(sockaddr[0]))
            if address not in addresses:
                addresses.append(address)
    if not addresses:
        raise StageError("dns_failed", f"The host name '{host}' has no IP address.")
    return addresses


def vet(host: str, addresses: Iterable[IPAddress], allowlist: Allowlist) -> None:
    """Raise blocked_address unless every address is public or allowlisted."""
    if allowlist.allows_host(host):
        return
    for address in addresses:
        kind = blocked_reason(address)
        if kind is None or allowlist.allows_address(address):
            continue
        if _is_literal(host, address):
            lead = f"The URL leads to {host}"  # as the editor sees it in the link
        else:
            lead = f"The URL's host {host} resolves to {_shown(address)}"
        raise StageError(
            "blocked_address",
            f"{lead}, an address inside a private or reserved "
            f"network ({kind}); Warta does not fetch from those. An operator can allow "
            "it with WARTA_FETCH_ALLOWLIST.",
        )


def _shown(address: IPAddress) -> str:
    # Python 3.11 writes ::ffff:127.0.0.1 as ::ffff:7f00:1, which hides what it is.
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return f"::ffff:{address.ipv4_mapped}"
    return str(address)


def _is_literal(host: str, address: IPAddress) -> bool:
    try:
        return ipaddress.ip_address(host) == address
    except ValueError:
        return False


class GuardedBackend(httpcore.NetworkBackend):
    """An httpcore backend that connects only to vetted addresses, never to a name."""

    def __init__(self, allowlist: Allowlist, inner: httpcore.NetworkBackend | None = None) -> None:
        self.allowlist = allowlist
        self.inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = resolve(host, port)
        vet(host, addresses, self.allowlist)
        error: Exception | None = None
        for address in addresses:  # like create_connection: the first that answers
            try:
                return self.inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                error = exc
        assert error is not None  # resolve() never returns an empty list
        raise error

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise StageError("invalid_url", "Warta fetches only over TCP.")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)
