"""What a request that failed says: the site by its name, the cause in plain words, what to do;
no full address of an API, no bytes, no parser's message."""

from __future__ import annotations

import socket

import pytest

from collectors.errors import BadResponse, NetworkFailure
from collectors.http import HttpClient
from tests.conftest import fast_config
from tests.server import LocalServer


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_site_that_cannot_be_reached_is_named_short(server: LocalServer) -> None:
    config = fast_config(server, max_retries=1)
    config.endpoints = {"*": f"http://127.0.0.1:{closed_port()}"}
    with HttpClient(config, sleep=lambda s: None) as client, pytest.raises(NetworkFailure) as e:
        client.get("https://api.github.com/users/ada-example/events/public?per_page=100")
    assert e.value.message == (
        "could not reach GitHub (the connection was refused; 2 tries). "
        "Check your connection, or try again later."
    )


def test_a_damaged_answer_says_what_to_do(server: LocalServer) -> None:
    server.route("/users/ada").reply(
        b'{"login": "ada", "name": "Ad', content_type="application/json"
    )
    with HttpClient(fast_config(server)) as client, pytest.raises(BadResponse) as e:
        client.get("https://api.github.com/users/ada").json()
    assert e.value.message == (
        "GitHub sent back a damaged answer (cut short or garbled); run the audit again later."
    )
