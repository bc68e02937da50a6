"""The address guard tests' safety net: every connection the HTTP stack opens is checked, and
one to a non-loopback address is refused and recorded (so the test fails instead of the
traffic leaving). An autouse fixture: a test module imports it to be covered."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import pytest
import urllib3.util.connection


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
