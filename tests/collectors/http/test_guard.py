"""The address guard, alone and inside the HTTP client.

A safety net makes sure a failing guard cannot send a packet anywhere but this machine: every
connection the HTTP stack opens is checked, and one to a non-loopback address is refused and
recorded (so the test fails instead of the traffic leaving); it lives in
:mod:`tests.collectors.http.safety_net`. The guard at the resolver (DNS rebinding, pinning for
TLS, offline): test_guard_resolver.py.
"""

from __future__ import annotations

import ipaddress
import socket

import pytest

from collectors.errors import AddressRefused
from collectors.http import HttpClient, HttpConfig
from collectors.http.guard import check_public, check_written, is_forbidden, written_address
from tests.collectors.http.safety_net import loopback_only  # noqa: F401 - autouse, see its module
from tests.server import LocalServer

FORBIDDEN_URLS = [
    "http://127.0.0.1/",
    "http://127.1.2.3:8080/admin",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://10.0.0.5/",
    "http://172.16.4.4/",
    "http://192.168.1.1/router",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/",
    "http://[fd00::1]/",
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://100.64.0.1/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0x7f.1/",
    "http://0177.0.0.1/",
    "http://127.1/",
    "http://localhost/",
    "http://LOCALHOST:631/",
    "http://[64:ff9b::7f00:1]/",
    "http://[2002:7f00:1::]/",
    "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
    "http://user:pass@127.0.0.1/",
]


@pytest.mark.parametrize("url", FORBIDDEN_URLS)
def test_check_public_refuses_local_and_private_addresses(url: str) -> None:
    with pytest.raises(AddressRefused) as caught:
        check_public(url)
    assert caught.value.status == "refused"
    assert "--allow-private" in caught.value.message


@pytest.mark.parametrize(
    "url", ["https://1.1.1.1/", "http://[2606:4700:4700::1111]/", "https://8.8.8.8:8443/x"]
)
def test_check_public_lets_public_addresses_through(url: str) -> None:
    check_public(url)


@pytest.mark.parametrize("url", ["http:///path", "not a url", "mailto:alex@example.org"])
def test_check_public_refuses_urls_without_a_host(url: str) -> None:
    with pytest.raises(AddressRefused, match="no host"):
        check_public(url)


def test_is_forbidden_embedded_ipv4() -> None:
    assert is_forbidden(ipaddress.ip_address("::ffff:10.1.1.1"))
    assert is_forbidden(ipaddress.ip_address("64:ff9b::a01:101"))  # NAT64 of 10.1.1.1
    assert not is_forbidden(ipaddress.ip_address("64:ff9b::808:808"))  # NAT64 of 8.8.8.8
    assert not is_forbidden(ipaddress.ip_address("93.184.215.14"))


@pytest.mark.parametrize("url", FORBIDDEN_URLS)
def test_discovered_urls_to_private_addresses_are_refused(url: str) -> None:
    with (
        HttpClient(HttpConfig(max_retries=0, connect_timeout=0.5)) as client,
        pytest.raises(AddressRefused),
    ):
        client.get(url, discovered=True)
        assert client.requests_sent == 0


def test_allow_private_lifts_the_guard(server: LocalServer) -> None:
    server.route("/here").reply("local")
    url = f"http://localhost:{server.port}/here"
    with HttpClient(HttpConfig(max_retries=0)) as client, pytest.raises(AddressRefused):
        client.get(url, discovered=True)
    with HttpClient(HttpConfig(max_retries=0, allow_private=True)) as client:
        assert client.get(url, discovered=True).content == b"local"


def test_addresses_the_user_gave_are_fetched(server: LocalServer) -> None:
    server.route("/mine").reply("mine")
    with HttpClient(HttpConfig(max_retries=0)) as client:
        url = f"http://localhost:{server.port}/mine"
        assert client.get(url).content == b"mine"


def test_a_mapping_never_makes_a_private_address_allowed(server: LocalServer) -> None:
    """Even when the user mapped that very host, a discovered private address is refused as
    written: the mapping decides only where an allowed request goes."""
    base = server.url
    config = HttpConfig(endpoints={"10.1.2.3": base, "localhost": base}, max_retries=0)
    with HttpClient(config) as client:
        for url in ("http://10.1.2.3/status", "http://localhost/status"):
            with pytest.raises(AddressRefused, match="private or local network"):
                client.get(url, discovered=True)
        assert client.requests_sent == 0
    assert server.requests == []


def test_a_mapped_public_address_goes_to_the_mapped_base(server: LocalServer) -> None:
    """The counterpart: a discovered public address, mapped, is fetched at the mapped base."""
    server.route("/status").reply("mirror")
    base = server.url
    with HttpClient(HttpConfig(endpoints={"*": base}, max_retries=0)) as client:
        assert client.get("http://status.example.org/status", discovered=True).content == b"mirror"
    assert [r.headers["Host"] for r in server.requests] == ["status.example.org"]


@pytest.mark.parametrize("url", FORBIDDEN_URLS)
@pytest.mark.parametrize("discovered", [True, False], ids=["discovered", "typed"])
def test_redirects_to_private_addresses_through_a_star_mapping_are_refused(
    url: str, discovered: bool, server: LocalServer
) -> None:
    """With ``--endpoint '*=BASE'`` every host is mapped; a redirect found during collection
    to any written form of a private address is still refused, in plain words."""
    server.route("/link").reply("", status=302, headers={"Location": url})
    base = server.url
    with (
        HttpClient(HttpConfig(endpoints={"*": base}, max_retries=0)) as client,
        pytest.raises(AddressRefused) as caught,
    ):
        client.get("https://blog.example.org/link", discovered=discovered)
    assert "private or local network address" in caught.value.message
    assert "--allow-private" in caught.value.message
    assert len(server.requests) == 1  # the link itself; never the private address


def test_a_star_mapping_still_follows_redirects_to_public_hosts(server: LocalServer) -> None:
    """The counterpart of the test above: a redirect to another public host is followed."""
    server.route("/link").reply(
        "", status=302, headers={"Location": "https://other.example.net/page"}
    )
    server.route("/page").reply("page")
    base = server.url
    with HttpClient(HttpConfig(endpoints={"*": base}, max_retries=0)) as client:
        response = client.get("https://blog.example.org/link", discovered=True)
    assert response.content == b"page" and response.url == "https://other.example.net/page"


def test_allow_private_lifts_the_guard_under_a_mapping_too(server: LocalServer) -> None:
    server.route("/link").reply(
        "", status=302, headers={"Location": "http://169.254.169.254/latest/"}
    )
    server.route("/latest/").reply("allowed")
    base = server.url
    config = HttpConfig(endpoints={"*": base}, max_retries=0, allow_private=True)
    with HttpClient(config) as client:
        assert client.get("https://blog.example.org/link", discovered=True).content == b"allowed"


def test_discovered_public_link_redirecting_to_metadata_address_is_refused(
    server: LocalServer,
) -> None:
    server.route("/link").reply(
        "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    base = server.url
    with (
        HttpClient(HttpConfig(endpoints={"blog.example.org": base}, max_retries=0)) as client,
        pytest.raises(AddressRefused, match=r"169\.254\.169\.254"),
    ):
        client.get("https://blog.example.org/link", discovered=True)
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("written", "address"),
    [
        ("2852039166", "169.254.169.254"),
        ("0xa9fea9fe", "169.254.169.254"),
        ("0251.0376.0251.0376", "169.254.169.254"),
        ("169.254.43518", "169.254.169.254"),
        ("0x7f.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
        ("[fe80::1%25eth0]", "fe80::1"),
        ("93.184.215.14", "93.184.215.14"),
        ("example.org", None),
        ("1.2.3.4.example.org", None),
        ("0x7g.1", None),
    ],
)
def test_written_address_reads_every_form_a_resolver_accepts(
    written: str, address: str | None
) -> None:
    ip = written_address(written.replace("%25", "%"))
    assert (str(ip) if ip else None) == address


@pytest.mark.parametrize(
    "url",
    ["http://localhost./", "http://api.localhost/", "http://ip6-localhost/", "http://[::]/"],
)
def test_check_written_refuses_names_for_this_machine_without_a_lookup(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_lookup(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("check_written must not resolve names")

    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    with pytest.raises(AddressRefused, match="private or local network"):
        check_written(url)
