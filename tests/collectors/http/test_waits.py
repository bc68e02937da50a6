"""A request that has to wait before it is sent again says so (``HttpClient.on_wait``), and
the progress line shows it in words: a site that asked linkage to wait, one that does not
answer, one that cannot be reached."""

from __future__ import annotations

import socket
import threading

import pytest

from collectors.errors import NetworkFailure
from collectors.http import HttpClient
from collectors.http.waits import ASKED, SILENT, UNREACHABLE, Wait
from linkage.cli.progress import TerminalEvents
from tests.conftest import fast_config
from tests.server import LocalServer


def client_noting(server: LocalServer, waits: list[Wait], **settings) -> HttpClient:
    client = HttpClient(fast_config(server, **settings), sleep=lambda seconds: None)
    client.on_wait = waits.append
    return client


def test_a_site_that_asks_to_wait_is_told_with_the_try(server: LocalServer) -> None:
    server.route("/users/ada", once=True).json(
        {"message": "API rate limit exceeded"}, status=429, headers={"Retry-After": "20"}
    )
    server.route("/users/ada").json({"login": "ada"})
    waits: list[Wait] = []
    with client_noting(server, waits, max_wait=60.0, max_retries=3) as client:
        assert client.get("https://api.github.com/users/ada").status == 200
    assert [(w.why, w.next_try, w.tries) for w in waits] == [(ASKED, 2, 4)]
    assert 19 <= waits[0].seconds <= 20
    assert waits[0].sentence() == "GitHub asked linkage to wait 20 s (try 2 of 4)"


def test_a_site_that_does_not_answer_is_asked_once_more_and_told(server: LocalServer) -> None:
    def silent(conn: socket.socket, stop: threading.Event) -> None:
        stop.wait(2.0)

    server.route().raw(silent)
    waits: list[Wait] = []
    with (
        client_noting(server, waits, read_timeout=0.3, max_retries=3) as client,
        pytest.raises(NetworkFailure),
    ):
        client.get("https://example.org/")
    assert [(w.why, w.next_try, w.tries) for w in waits] == [(SILENT, 2, 2)]
    assert waits[0].sentence() == "example.org is not answering; trying again (try 2 of 2)"


def test_the_progress_line_says_why_it_waits_without_naming_a_site_when_redacted() -> None:
    wait = Wait("www.reddit.com", ASKED, 20.0, 2, 4)
    events = TerminalEvents(3, quiet=True)
    assert events.note() == ""
    events.waiting(wait)
    assert events.note() == "Reddit asked linkage to wait 20 s (try 2 of 4)"
    redacted = TerminalEvents(3, quiet=True, redact=True)
    redacted.waiting(Wait("alex.example.org", UNREACHABLE, 2.0, 3, 4))
    assert redacted.note() == "could not reach a site; trying again (try 3 of 4)"
