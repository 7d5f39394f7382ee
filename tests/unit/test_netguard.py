"""The SSRF guard: which addresses are blocked, in every spelling, and that none gets a socket."""

import ipaddress
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from ipaddress import IPv4Address, IPv6Address
from unittest import mock

import httpcore
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.config import Settings
from worker.errors import StageError
from worker.fetch import fetch_page
from worker.netguard import (
    BLOCKED_V4,
    BLOCKED_V6,
    Allowlist,
    blocked_reason,
    embedded_ipv4,
    is_public,
    vet,
)

PUBLIC = [
    "93.184.216.34",
    "8.8.8.8",
    "1.1.1.1",
    "2606:2800:220:1::",
    "2a00:1450:4001:82b::200e",
    "64:ff9b::5db8:d822",  # NAT64 of 93.184.216.34: how an IPv6-only host reaches it
    "2002:5db8:d822::1",  # 6to4 of 93.184.216.34
    "::ffff:93.184.216.34",
]


@pytest.mark.parametrize("text", PUBLIC)
def test_public_addresses_pass(text: str) -> None:
    address = ipaddress.ip_address(text)
    assert is_public(address)
    vet("news.example.org", [address], Allowlist())  # no exception, no connection


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("169.254.169.254", "link-local"),
        ("10.0.0.1", "private"),
        ("172.31.255.255", "private"),
        ("192.168.0.1", "private"),
        ("127.0.0.1", "loopback"),
        ("127.255.255.254", "loopback"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("198.19.255.255", "benchmarking"),
        ("224.0.0.1", "multicast"),  # Python 3.11 calls this one global
        ("239.255.255.250", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("0.0.0.0", "unspecified"),
        ("0.1.2.3", "unspecified"),
        ("192.0.2.1", "documentation"),
        ("198.51.100.7", "documentation"),
        ("203.0.113.9", "documentation"),
        ("192.0.0.9", "IETF"),
        ("::", "unspecified"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("febf:ffff::1", "link-local"),
        ("fc00::1", "unique-local"),
        ("fd12:3456::1", "unique-local"),
        ("ff02::1", "multicast"),
        ("2001:db8::1", "documentation"),
        ("3fff::1", "documentation"),  # Python 3.11 calls this one global
        ("100::1", "discard"),
        ("64:ff9b:1::a00:1", "local-use NAT64"),
        ("::ffff:127.0.0.1", "IPv6 form of 127.0.0.1: loopback"),
        ("::ffff:a9fe:a9fe", "IPv6 form of 169.254.169.254: link-local"),
        ("::ffff:0:a00:1", "IPv6 form of 10.0.0.1: private"),  # SIIT-translated
        ("::127.0.0.1", "IPv6 form of 127.0.0.1"),  # IPv4-compatible
        ("::5db8:d822", "deprecated"),  # IPv4-compatible, public inside: still no
        ("2002:a9fe:a9fe::", "IPv6 form of 169.254.169.254"),  # 6to4
        ("64:ff9b::10.1.1.1", "IPv6 form of 10.1.1.1"),  # NAT64
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", "IPv6 form of 127.0.0.1"),  # Teredo client
        ("2001:0:4136:e378:8000:63bf:a247:27dd", "IETF"),  # Teredo, public client
        ("4000::1", "reserved"),  # outside 2000::/3, not allocated
    ],
)
def test_blocked_addresses_say_what_they_are(text: str, kind: str) -> None:
    reason = blocked_reason(ipaddress.ip_address(text))
    assert reason is not None and kind in reason


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("::ffff:127.0.0.1", ["127.0.0.1"]),
        ("::ffff:7f00:1", ["127.0.0.1"]),
        ("::10.0.0.1", ["10.0.0.1"]),
        ("::1", []),
        ("2002:c0a8:0101::1", ["192.168.1.1"]),
        ("64:ff9b::c0a8:101", ["192.168.1.1"]),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", ["192.0.2.45", "65.54.227.120"]),
        ("2606:2800:220:1::", []),
    ],
)
def test_embedded_ipv4_is_extracted(text: str, inner: list[str]) -> None:
    assert embedded_ipv4(IPv6Address(text)) == [IPv4Address(a) for a in inner]


def test_the_allowlist_matches_hosts_networks_and_nothing_else() -> None:
    allow = Allowlist.parse("Intranet.Example., 10.20.0.0/16, 127.0.0.1, fd00::/8")
    assert allow.allows_host("intranet.example") and allow.allows_host("INTRANET.example.")
    assert not allow.allows_host("www.intranet.example")  # exact names, no suffixes
    assert allow.allows_address(IPv4Address("10.20.3.4"))
    assert not allow.allows_address(IPv4Address("10.21.0.1"))
    assert allow.allows_address(IPv6Address("fd00::5"))
    # In its own family only: the mapped form of an allowlisted IPv4 stays blocked.
    assert not allow.allows_address(IPv6Address("::ffff:127.0.0.1"))
    assert not allow.allows_address(IPv6Address("::ffff:10.20.3.4"))


def test_vet_names_the_address_and_the_way_there() -> None:
    private = [ipaddress.ip_address("10.0.0.7")]
    with pytest.raises(StageError) as caught:
        vet("intranet.example", private, Allowlist())
    assert caught.value.code == "blocked_address"
    assert caught.value.reason.startswith("The URL's host intranet.example resolves to 10.0.0.7")
    assert "WARTA_FETCH_ALLOWLIST" in caught.value.reason
    with pytest.raises(StageError) as caught:
        vet("169.254.169.254", [ipaddress.ip_address("169.254.169.254")], Allowlist())
    assert caught.value.reason.startswith(
        "The URL leads to 169.254.169.254, an address inside a private or reserved network"
    )
    with pytest.raises(StageError) as caught:
        vet("mapped.example", [ipaddress.ip_address("::ffff:10.0.0.7")], Allowlist())
    assert "resolves to ::ffff:10.0.0.7," in caught.value.reason  # not ::ffff:a00:7
    vet("intranet.example", private, Allowlist.parse("intranet.example"))
    vet("intranet.example", private, Allowlist.parse("10.0.0.0/24"))


# The property: no address from a blocked network, however it is written, gets a socket.


def _address_in(network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> st.SearchStrategy:
    first = int(network.network_address)
    return st.integers(first, first + network.num_addresses - 1).map(
        IPv4Address if network.version == 4 else IPv6Address
    )


blocked_v4 = st.sampled_from([network for network, _ in BLOCKED_V4]).flatmap(_address_in)
blocked_v6 = st.sampled_from([network for network, _ in BLOCKED_V6]).flatmap(_address_in)


@st.composite
def v4_spellings(draw: st.DrawFn) -> tuple[str, bool]:
    """(host as written in a URL, whether it is the canonical spelling) of a blocked IPv4."""
    address = draw(blocked_v4)
    n, octets = int(address), address.packed
    v6 = draw(
        st.sampled_from(
            [
                0xFFFF << 32 | n,  # IPv4-mapped
                0xFFFF << 48 | n,  # SIIT-translated
                n,  # IPv4-compatible
                int(IPv6Address("64:ff9b::")) | n,  # NAT64
                int(IPv6Address("64:ff9b:1::")) | n,  # local-use NAT64
                0x2002 << 112 | n << 80 | draw(st.integers(0, 2**80 - 1)),  # 6to4
                # Teredo: server, flags, port, then the client's address inverted
                0x20010000 << 96 | draw(st.integers(0, 2**64 - 1)) << 32 | (n ^ 0xFFFFFFFF),
            ]
        )
    )
    spellings = [
        (str(address), True),
        (str(n), False),  # 2130706433
        (hex(n), False),  # 0x7f000001
        (hex(n).upper().replace("0X", "0x"), False),
        (".".join(f"0{o:o}" for o in octets), False),  # 0177.0.0.01: httpx refuses it
        (".".join(hex(o) for o in octets), False),  # 0x7f.0x0.0x0.0x1
        (f"{octets[0]}.{n & 0xFFFFFF}", False),  # 127.1
        (f"{octets[0]}.{octets[1]}.{n & 0xFFFF}", False),  # 127.0.1
        (f"[::ffff:{address}]", True),
        (f"[::ffff:{n >> 16:x}:{n & 0xFFFF:x}]", True),
        (f"[0:0:0:0:0:ffff:{address}]", True),
        (f"[64:ff9b::{address}]", True),
        (f"[{IPv6Address(v6).compressed}]", True),
        (f"[{IPv6Address(v6).exploded.upper()}]", True),
    ]
    return draw(st.sampled_from(spellings))


@st.composite
def v6_spellings(draw: st.DrawFn) -> tuple[str, bool]:
    address = draw(blocked_v6)
    spelling = draw(st.sampled_from([address.compressed, address.exploded]))
    return f"[{draw(st.sampled_from([spelling, spelling.upper()]))}]", True


@contextmanager
def no_sockets() -> Iterator[list[object]]:
    """Fail loudly (and record) if anything tries to open a connection."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError(f"a connection was attempted: {args}")

    with (
        mock.patch.object(httpcore.SyncBackend, "connect_tcp", refuse),
        mock.patch.object(socket, "create_connection", refuse),
        mock.patch.object(socket.socket, "connect", refuse),
    ):
        yield attempts


FETCH_SETTINGS = Settings(fetch_timeout=1.0, fetch_deadline=2.0, fetch_allowlist="")


@hypothesis_settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(v4_spellings(), v6_spellings()), st.sampled_from(["", ":80", ":8080"]))
def test_no_blocked_address_gets_a_connection(spelling: tuple[str, bool], port: str) -> None:
    host, canonical = spelling
    with no_sockets() as attempts, pytest.raises(StageError) as caught:
        fetch_page(f"http://{host}{port}/latest/meta-data/", FETCH_SETTINGS)
    assert attempts == []
    # A spelling the URL parser or the resolver rejects is no way in either; one
    # they accept must be recognised for what it is.
    expected = (
        {"blocked_address"} if canonical else {"blocked_address", "invalid_url", "dns_failed"}
    )
    assert caught.value.code in expected, (host, caught.value.reason)


@hypothesis_settings(max_examples=1000, deadline=None)
@given(st.one_of(blocked_v4, blocked_v6))
def test_every_address_of_a_blocked_network_is_blocked(address: IPv4Address | IPv6Address) -> None:
    assert blocked_reason(address) is not None
    if isinstance(address, IPv4Address):
        n = int(address)
        for form in (0xFFFF << 32 | n, int(IPv6Address("64:ff9b::")) | n, 0x2002 << 112 | n << 80):
            assert blocked_reason(IPv6Address(form)) is not None, IPv6Address(form)
