"""The address guard at the resolver (``socket.getaddrinfo``, the OS boundary, patched): a
rebinding name is connected to the address that was checked, a pinned HTTPS request keeps the
name for TLS, and offline no name is looked up.

The safety net of test_guard.py covers these tests too (:mod:`tests.collectors.http.safety_net`).
"""

from __future__ import annotations

import ipaddress
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from collectors.errors import AddressRefused, NetworkFailure, NotCached
from collectors.http import HttpClient, HttpConfig
from tests.collectors.http.safety_net import loopback_only  # noqa: F401 - autouse, see its module
from tests.server import Answer, LocalServer

# -- DNS rebinding ------------------------------------------------------------------------------

PUBLIC = "93.184.215.14"  # what the rebinding name answers first: a public address


@pytest.fixture
def stand_in() -> Iterator[LocalServer]:
    """The server that plays the public host: the patched resolver routes PUBLIC here."""
    with LocalServer() as server:
        yield server


@pytest.fixture
def rebinding(
    monkeypatch: pytest.MonkeyPatch, server: LocalServer, stand_in: LocalServer
) -> list[str]:
    """A resolver (the OS boundary, ``socket.getaddrinfo``) for which ``rebind.example``
    answers a public address the first time and 127.0.0.1 after; the public address itself is
    routed to the stand-in server on loopback, so nothing leaves this machine."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        host = host.decode() if isinstance(host, bytes) else host
        if host == "rebind.example":
            asked.append(host)
            address = PUBLIC if len(asked) == 1 else "127.0.0.1"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 0))]
        if host == PUBLIC:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", stand_in.port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_a_rebinding_name_is_connected_to_the_address_that_was_checked(
    rebinding: list[str], server: LocalServer, stand_in: LocalServer
) -> None:
    """The guard resolves ``rebind.example`` (public), the connection must go to that address
    and not resolve the name again (which would answer 127.0.0.1: the private server)."""
    server.route("/secret").reply("private data")
    stand_in.route("/secret").reply("public page")
    url = f"http://rebind.example:{server.port}/secret"
    with HttpClient(HttpConfig(max_retries=0)) as client:
        response = client.get(url, discovered=True)
    assert server.requests == []  # the private server was never reached
    assert response.content == b"public page"
    assert [r.headers["Host"] for r in stand_in.requests] == [f"rebind.example:{server.port}"]
    assert rebinding == ["rebind.example"]  # resolved once, by the guard


def test_a_redirect_to_a_rebinding_name_is_pinned_too(
    rebinding: list[str], server: LocalServer, stand_in: LocalServer
) -> None:
    """Same, with the name met as a redirect from an address the user gave."""
    server.route("/start").reply(
        "", status=302, headers={"Location": f"http://rebind.example:{server.port}/secret"}
    )
    server.route("/secret").reply("private data")
    stand_in.route("/secret").reply("public page")
    with HttpClient(HttpConfig(max_retries=0)) as client:
        response = client.get(f"http://127.0.0.1:{server.port}/start")
    assert [r.path for r in server.requests] == ["/start"]
    assert response.content == b"public page"
    assert response.url == f"http://rebind.example:{server.port}/secret"


# -- pinning keeps the name for TLS ----------------------------------------------------------


@pytest.fixture
def tls_site(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """The test server over TLS on 127.0.0.1, its certificate naming ``secure.example`` (made
    here with the openssl tool, signed by a throw-away CA); yields its port and the CA file."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl tool is not installed")

    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=tmp_path, check=True, capture_output=True)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
        "-days", "1", "-subj", "/CN=linkage test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")  # fmt: skip
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr",
        "-subj", "/CN=secure.example")  # fmt: skip
    (tmp_path / "ext.cnf").write_text(
        "subjectAltName=DNS:secure.example\nbasicConstraints=CA:FALSE\n"
        "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
    )
    run("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "leaf.pem", "-days", "1", "-extfile", "ext.cnf")  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tmp_path / "leaf.pem", tmp_path / "leaf.key")
    page = Answer(200, "text/plain", b"secure page")
    answers = {("secure.example", "/page"): page, ("other.example", "/page"): page}
    with LocalServer(answers, tls=context) as server:
        yield server.port, tmp_path / "ca.pem"


def test_a_pinned_https_request_keeps_the_name_for_sni_and_the_certificate(
    tls_site: tuple[int, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection goes to the checked IP, yet TLS verifies the certificate for the name
    (and sends it as SNI): a certificate for ``secure.example`` is accepted."""
    port, ca = tls_site
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host, service, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host in ("secure.example", "other.example"):
            asked.append(host)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC, service or 0))]
        if host == PUBLIC:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, service, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(ca))
    with HttpClient(HttpConfig(max_retries=0)) as client:
        response = client.get(f"https://secure.example:{port}/page", discovered=True)
        assert response.content == b"secure page"
        # the same certificate does not fit another name pinned to the same address
        with pytest.raises(NetworkFailure, match="secure connection"):
            client.get(f"https://other.example:{port}/page", discovered=True)
    assert asked == ["secure.example", "other.example"]


# -- offline: no look-up, no connection --------------------------------------------------------

PRIVATE_NAME = "intranet.example"  # what the recording resolver answers a private address for


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch, stand_in: LocalServer) -> list[str]:
    """A resolver (the OS boundary, ``socket.getaddrinfo``) that records every name it is asked
    and answers only two: ``blog.example``, a public address routed to the stand-in server on
    loopback, and ``intranet.example``, a private one. Other names do not resolve, so no real
    look-up is ever made; IP addresses are passed through."""
    real = socket.getaddrinfo
    asked: list[str] = []
    answers = {"blog.example": PUBLIC, PRIVATE_NAME: "10.0.0.5"}

    def getaddrinfo(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        host = host.decode() if isinstance(host, bytes) else host
        if host == PUBLIC:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", stand_in.port))]
        try:
            ipaddress.ip_address(host.split("%")[0])
        except ValueError:
            asked.append(host)
            if host not in answers:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host], port or 0))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_offline_a_discovered_address_not_in_the_cache_is_not_looked_up(
    resolver: list[str], tmp_path: Path
) -> None:
    """Offline, a discovered address whose name does not resolve fails as not cached (the
    message says to run once without --offline), not as a network failure, and its name is
    never looked up."""
    url = "https://alex.example.invalid/"
    with HttpClient(HttpConfig(cache_dir=tmp_path, offline=True, max_retries=0)) as client:
        client.check_discovered(url)  # nothing to refuse, and no look-up
        with pytest.raises(NotCached, match="--offline forbids fetching it") as caught:
            client.get(url, discovered=True)
        assert caught.value.status == "not in cache"
        assert client.requests_sent == 0
    assert resolver == []


def test_offline_a_cached_discovered_answer_is_served_without_a_look_up(
    resolver: list[str], stand_in: LocalServer, tmp_path: Path
) -> None:
    """A discovered address fetched online (guarded: resolved, checked, pinned) is served from
    the cache offline without resolving its name again."""
    stand_in.route("/about").reply("about me")
    url = "http://blog.example/about"
    with HttpClient(HttpConfig(cache_dir=tmp_path, max_retries=0)) as online:
        online.check_discovered(url)
        assert online.get(url, discovered=True).content == b"about me"
    assert resolver == ["blog.example", "blog.example"]  # checked before, and by the transport
    resolver.clear()
    with HttpClient(HttpConfig(cache_dir=tmp_path, offline=True, max_retries=0)) as offline:
        offline.check_discovered(url)
        response = offline.get(url, discovered=True)
        assert response.content == b"about me" and response.from_cache
        assert offline.requests_sent == 0
    assert resolver == []
    assert len(stand_in.requests) == 1


def test_offline_a_private_address_as_written_is_still_refused(
    resolver: list[str], tmp_path: Path
) -> None:
    """Offline, the guard's first step (the address as written) still refuses, with no look-up."""
    with HttpClient(HttpConfig(cache_dir=tmp_path, offline=True, max_retries=0)) as client:
        for url in (
            "http://169.254.169.254/latest/meta-data/",
            "http://localhost/",
            "http://0x7f.1/",
        ):
            with pytest.raises(AddressRefused):
                client.check_discovered(url)
            with pytest.raises(AddressRefused):
                client.get(url, discovered=True)
    assert resolver == []


def test_online_check_discovered_is_the_guard_as_before(resolver: list[str]) -> None:
    """Online, a discovered address is checked as written and, unless mapped, as resolved;
    ``allow_private`` lifts the guard."""
    mapping = {"mapped.example": "http://127.0.0.1:9"}
    with HttpClient(HttpConfig(max_retries=0, endpoints=mapping)) as client:
        with pytest.raises(AddressRefused, match=r"10\.0\.0\.5"):
            client.check_discovered(f"http://{PRIVATE_NAME}/")
        with pytest.raises(NetworkFailure, match="the name does not resolve"):
            client.check_discovered("https://alex.example.invalid/")
        with pytest.raises(AddressRefused):
            client.check_discovered("http://127.0.0.1/")
        client.check_discovered("http://blog.example/")
        client.check_discovered("https://mapped.example/")  # mapped: not resolved
    with HttpClient(HttpConfig(max_retries=0, allow_private=True)) as client:
        client.check_discovered(f"http://{PRIVATE_NAME}/")
        client.check_discovered("http://127.0.0.1/")
    assert resolver == [PRIVATE_NAME, "alex.example.invalid", "blog.example"]
