"""The sweep's redirects meet the collectors' address guard: a redirect into the private
network is refused in every written form, also through a ``*`` mapping, unless private
addresses are allowed, and a rebinding name is connected to the address that was checked."""

from __future__ import annotations

import socket

import pytest

from collectors.sweep.runner import SweepSettings, sweep
from collectors.sweep.sites import parse_sites
from tests.robustness.faults import PRIVATE_FORMS
from tests.server import Answer, LocalServer, Request


def test_cross_host_redirect_into_private_network_is_refused(server):
    def handler(request: Request) -> Answer:
        if request.path.startswith("/u/"):
            return Answer.redirect(f"http://localhost:{server.port}/inside")
        return Answer.data("private page", status=200)

    server.serve_all(handler)
    sites = parse_sites(LEAKY, "sherlock")
    settings = SweepSettings(endpoints={"leaky.example.org": server.url}, timeout=2.0)
    (result,) = sweep(["alice"], sites, settings)
    assert result.status == "unknown" and "redirect was refused" in result.detail
    assert "/inside" not in server.paths()

    server.requests.clear()
    settings.allow_private = True
    results = sweep(["alice"], sites, settings)
    assert "/inside" in server.paths()
    assert results[0].http_status == 200


LEAKY = {
    "Leaky": {
        "url": "https://leaky.example.org/u/{}",
        "urlMain": "https://leaky.example.org/",
        "errorType": "message",
        "errorMsg": "nothing here",
        "username_claimed": "x",
    }
}


@pytest.mark.parametrize("form", PRIVATE_FORMS)
def test_redirects_to_private_addresses_through_a_star_mapping_are_refused(
    form: str, server
) -> None:
    """``*`` maps every host to the test server, yet a redirect to any written form of a
    private address is refused (the sweep shares the collectors' guard)."""
    # not the server's own port: a redirect to the mapped base is read back as the site itself
    location = form.format(port=9)

    def handler(request: Request) -> Answer:
        if request.path.startswith("/u/"):
            return Answer.redirect(location)
        return Answer.data("private page", status=200)

    server.serve_all(handler)
    settings = SweepSettings(endpoints={"*": server.url}, timeout=2.0, probe=False)
    (result,) = sweep(["alice"], parse_sites(LEAKY, "sherlock"), settings)
    assert result.status == "unknown" and "redirect was refused" in result.detail
    assert "private or local network address" in result.detail
    assert server.paths() == ["/u/alice"]


def test_a_redirect_to_a_rebinding_name_goes_to_the_checked_address(
    server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard resolves ``rebind.example`` to a public address; the sweep's client must
    connect there, not look the name up again (the second answer is 127.0.0.1, the private
    server). The patched resolver (``socket.getaddrinfo``, the OS boundary) routes the public
    address to a stand-in on 127.0.0.2, so nothing leaves this machine."""
    port = server.port
    try:
        stand_in = LocalServer(
            {("rebind.example", "/inside"): Answer(200, "text/plain", b"public page")},
            host="127.0.0.2",
            port=port,
        )
    except OSError as exc:
        pytest.skip(f"127.0.0.2 is not usable here ({exc})")
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host, service, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host == "rebind.example":
            asked.append(host)
            address = "93.184.215.14" if len(asked) == 1 else "127.0.0.1"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, service or 0))]
        if host == "93.184.215.14":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.2", service or 0))]
        return real(host, service, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)

    def handler(request: Request) -> Answer:
        if request.path.startswith("/u/"):
            return Answer.redirect(f"http://rebind.example:{port}/inside")
        return Answer.data("private page", status=200)

    server.serve_all(handler)
    sites = parse_sites(
        {"Direct": {**LEAKY["Leaky"], "url": f"http://127.0.0.1:{port}/u/{{}}"}}, "sherlock"
    )
    with stand_in:
        (result,) = sweep(["alice"], sites, SweepSettings(timeout=3.0, probe=False))
    assert "/inside" not in server.paths()  # the private server never saw it
    assert [r.target for r in stand_in.requests] == ["/inside"]
    assert result.http_status == 200
    assert asked == ["rebind.example"]
