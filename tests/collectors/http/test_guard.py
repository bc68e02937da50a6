"""The address guard, alone and inside the HTTP client.

A safety net makes sure a failing guard cannot send a packet anywhere but this machine: every
connection the HTTP stack opens is checked, and one to a non-loopback address is refused and
recorded (so the test fails instead of the traffic leaving).
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
import urllib3.util.connection

from collectors.errors import AddressRefused, NetworkFailure, NotCached
from collectors.http import HttpClient, HttpConfig
from collectors.http.guard import check_public, check_written, is_forbidden, written_address
from tests.server import Answer, LocalServer

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
