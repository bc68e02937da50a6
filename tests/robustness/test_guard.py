"""Every private, loopback, link-local and cloud-metadata address form, met as a redirect and
as a picture address found in a profile: refused before any connection is made, whether the
fleet's hosts are mapped one by one or all through ``--endpoint '*=BASE'``; and a name that
rebinds (public first, loopback after) is connected to at the address that was checked."""

from __future__ import annotations

import pytest

from collectors.base import CollectContext
from collectors.http import HttpClient
from linkage.pipeline import collect_one
from tests.robustness.faults import (
    PRIVATE_FORMS,
    REBINDING_NAME,
    own_keys,
    rebinding_resolver,
)
from tests.robustness.fleet import Fleet, fleet_config
from tests.server import NOT_FOUND, Answer, Fault, LocalServer, on_target

ACCOUNT = "keybase:alexexample"  # one request for the profile, one for the picture
PICTURE = b"https://s3.amazonaws.com/keybase_processed_uploads/0a1b2c3d4e5f_200_200_square_200.jpeg"


def collect(fleet: Fleet, server: LocalServer, *, star: bool = False):
    """Collect ACCOUNT with the fleet's hosts mapped one by one, or (``star``) through ``*``."""
    account = fleet.by_id(ACCOUNT)
    with HttpClient(fleet_config(server, fleet, None, explicit=not star)) as http:
        return collect_one(account.spec, CollectContext(http=http, env={}))


@pytest.mark.parametrize("star", [False, True], ids=["mapped-hosts", "star-mapping"])
@pytest.mark.parametrize("form", PRIVATE_FORMS)
def test_redirects_to_private_addresses_are_refused(
    form: str, star: bool, fleet: Fleet, fresh_server: LocalServer, canary: LocalServer
) -> None:
    location = form.format(port=canary.port)
    key = own_keys(fleet, fleet.by_id(ACCOUNT))[0]
    fresh_server.add(on_target(*key), Fault("redirect", location=location))
    profile = collect(fleet, fresh_server, star=star)
    assert profile.collected.error.startswith("refused:"), profile.collected.error
    assert "private or local network" in profile.collected.error
    assert len(canary.requests) == 0


@pytest.mark.parametrize("form", PRIVATE_FORMS)
def test_pictures_at_private_addresses_are_refused(
    form: str, fleet: Fleet, fresh_server: LocalServer, canary: LocalServer
) -> None:
    base = form.format(port=canary.port).split("/", 3)
    picture = f"{base[0]}//{base[2]}/picture.jpeg".encode()
    key = own_keys(fleet, fleet.by_id(ACCOUNT))[0]
    answer = fleet.answers[key]
    assert PICTURE in answer.body
    fresh_server.overrides[key] = Answer(
        answer.status, answer.content_type, answer.body.replace(PICTURE, picture)
    )
    profile = collect(fleet, fresh_server)
    assert profile.ok, profile.collected.error
    assert profile.avatar is not None and profile.avatar.url == picture.decode()
    assert profile.avatar.sha256 is None  # not fetched
    assert len(canary.requests) == 0


def test_the_same_picture_on_a_public_address_is_fetched(
    fleet: Fleet, fresh_server: LocalServer
) -> None:
    """The counterpart: with nothing moved, the picture is fetched (so the test above can fail)."""
    profile = collect(fleet, fresh_server)
    assert profile.ok and profile.avatar is not None and profile.avatar.sha256


@pytest.mark.parametrize("where", ["redirect", "picture"])
def test_a_rebinding_name_never_reaches_the_loopback_address(
    where: str, fleet: Fleet, fresh_server: LocalServer, canary: LocalServer
) -> None:
    """``rebind.example`` answers a public address to the guard and 127.0.0.1 (the canary)
    after: the request goes to the checked address (a stand-in server), never to the canary."""
    port = canary.port
    address = f"http://{REBINDING_NAME}:{port}/picture.jpeg"
    key = own_keys(fleet, fleet.by_id(ACCOUNT))[0]
    if where == "redirect":
        fresh_server.add(on_target(*key), Fault("redirect", location=address))
    else:
        answer = fleet.answers[key]
        fresh_server.overrides[key] = Answer(
            answer.status, answer.content_type, answer.body.replace(PICTURE, address.encode())
        )
    with LocalServer(unrouted=NOT_FOUND) as stand_in, rebinding_resolver(stand_in.port) as asked:
        collect(fleet, fresh_server)
        assert len(stand_in.requests) == 1
    assert len(canary.requests) == 0
    assert asked == [REBINDING_NAME]
