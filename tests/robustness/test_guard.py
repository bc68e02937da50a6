"""Every private, loopback, link-local and cloud-metadata address form, met as a redirect and
as a picture address found in a profile: refused before any connection is made."""

from __future__ import annotations

import pytest

from collectors.base import CollectContext
from collectors.http import HttpClient
from linkage.pipeline import collect_one
from tests.robustness.faults import PRIVATE_FORMS, own_keys
from tests.robustness.faultserver import Answer, Fault, FaultServer, on_target
from tests.robustness.fleet import Fleet, fleet_config

ACCOUNT = "keybase:alexexample"  # one request for the profile, one for the picture
PICTURE = b"https://s3.amazonaws.com/keybase_processed_uploads/0a1b2c3d4e5f_200_200_square_200.jpeg"


def collect(fleet: Fleet, server: FaultServer):
    account = fleet.by_id(ACCOUNT)
    with HttpClient(fleet_config(server, fleet, None, explicit=True)) as http:
        return collect_one(account.spec, CollectContext(http=http, env={}))


@pytest.mark.parametrize("form", PRIVATE_FORMS)
def test_redirects_to_private_addresses_are_refused(
    form: str, fleet: Fleet, fresh_server: FaultServer, canary: FaultServer
) -> None:
    location = form.format(port=canary.httpd.server_address[1])
    key = own_keys(fleet, fleet.by_id(ACCOUNT))[0]
    fresh_server.add(on_target(*key), Fault("redirect", location=location))
    profile = collect(fleet, fresh_server)
    assert profile.collected.error.startswith("refused:"), profile.collected.error
    assert "private or local network" in profile.collected.error
    assert canary.requests() == 0


@pytest.mark.parametrize("form", PRIVATE_FORMS)
def test_pictures_at_private_addresses_are_refused(
    form: str, fleet: Fleet, fresh_server: FaultServer, canary: FaultServer
) -> None:
    base = form.format(port=canary.httpd.server_address[1]).split("/", 3)
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
    assert canary.requests() == 0


def test_the_same_picture_on_a_public_address_is_fetched(
    fleet: Fleet, fresh_server: FaultServer
) -> None:
    """The counterpart: with nothing moved, the picture is fetched (so the test above can fail)."""
    profile = collect(fleet, fresh_server)
    assert profile.ok and profile.avatar is not None and profile.avatar.sha256
