"""The address guard, alone and inside the HTTP client.

A safety net makes sure a failing guard cannot send a packet anywhere but this machine: every
connection the HTTP stack opens is checked, and one to a non-loopback address is refused and
recorded (so the test fails instead of the traffic leaving).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import pytest
import urllib3.util.connection
from pytest_httpserver import HTTPServer

from collectors.errors import AddressRefused
from collectors.guard import check_public, is_forbidden
from collectors.http import HttpClient, HttpConfig

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


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    attempts: list[str] = []
    real = urllib3.util.connection.create_connection

    def guarded(address, *args, **kwargs):  # type: ignore[no-untyped-def]
        host = address[0]
        for info in socket.getaddrinfo(host, address[1], proto=socket.IPPROTO_TCP):
            if not ipaddress.ip_address(info[4][0].split("%")[0]).is_loopback:
                attempts.append(host)
                raise OSError(f"test safety net: refused to connect to {host}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", guarded)
    yield attempts
    assert attempts == [], "a request left this machine's loopback"


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


def test_allow_private_lifts_the_guard(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/here").respond_with_data("local")
    url = f"http://localhost:{httpserver.port}/here"
    with HttpClient(HttpConfig(max_retries=0)) as client, pytest.raises(AddressRefused):
        client.get(url, discovered=True)
    with HttpClient(HttpConfig(max_retries=0, allow_private=True)) as client:
        assert client.get(url, discovered=True).content == b"local"


def test_addresses_the_user_gave_are_fetched(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/mine").respond_with_data("mine")
    with HttpClient(HttpConfig(max_retries=0)) as client:
        url = f"http://localhost:{httpserver.port}/mine"
        assert client.get(url).content == b"mine"


def test_mapped_endpoints_are_allowed(httpserver: HTTPServer) -> None:
    """The user named the endpoint: a discovered link to it goes to the mapped base."""
    httpserver.expect_request("/status").respond_with_data("mirror")
    base = httpserver.url_for("/").rstrip("/")
    config = HttpConfig(endpoints={"10.1.2.3": base, "localhost": base}, max_retries=0)
    with HttpClient(config) as client:
        assert client.get("http://10.1.2.3/status", discovered=True).content == b"mirror"
        assert client.get("http://localhost/status", discovered=True).content == b"mirror"
    assert [r.headers["Host"] for r, _ in httpserver.log] == ["10.1.2.3", "localhost"]


def test_discovered_public_link_redirecting_to_metadata_address_is_refused(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/link").respond_with_data(
        "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    base = httpserver.url_for("/").rstrip("/")
    with (
        HttpClient(HttpConfig(endpoints={"blog.example.org": base}, max_retries=0)) as client,
        pytest.raises(AddressRefused, match=r"169\.254\.169\.254"),
    ):
        client.get("https://blog.example.org/link", discovered=True)
    assert len(httpserver.log) == 1
