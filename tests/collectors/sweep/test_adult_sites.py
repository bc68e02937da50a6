"""Adult sites are left out of ``linkage sweep`` unless ``--nsfw`` is given, as Sherlock does:
every Sherlock ``isNSFW`` site, WhatsMyName's "xx NSFW xx" category and Maigret's porn, erotic
and webcam tags were checked and shown by default (a trainer runs this on a projector)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from collectors.sweep.sites import DEFAULT_SITES, load_sites
from linkage.cli import app
from tests.server import Answer, LocalServer, Request

from .conftest import shared_file

runner = CliRunner()


def sherlock(adult: str) -> dict:
    entry = {"errorType": "status_code", "urlMain": "https://{host}/"}
    return {
        "Quill Club": {**entry, "url": "https://quill.example.org/{}"},
        adult: {**entry, "url": "https://velvet.example.org/{}", "isNSFW": True},
    }


def whatsmyname(adult: str) -> dict:
    entry = {"e_code": 200, "e_string": "profile", "m_code": 404, "m_string": "no such user"}
    return {
        "license": [],
        "authors": [],
        "categories": ["hobby", "xx NSFW xx"],
        "sites": [
            {**entry, "name": "Quill Club", "uri_check": "https://quill.example.org/{account}",
             "cat": "hobby"},
            {**entry, "name": adult, "uri_check": "https://velvet.example.org/{account}",
             "cat": "xx NSFW xx"},
        ],
    }  # fmt: skip


def maigret(adult: str) -> dict:
    entry = {"checkType": "status_code", "urlMain": "https://example.org"}
    return {
        "sites": {
            "Quill Club": {**entry, "url": "https://quill.example.org/{username}",
                           "tags": ["hobby", "dating"]},
            adult: {**entry, "url": "https://velvet.example.org/{username}",
                    "tags": ["webcam"]},
        },
        "engines": {},
        "tags": ["dating", "hobby", "webcam"],
    }  # fmt: skip


def native(adult: str) -> dict:
    entry = {"found": {"status": 200}, "missing": {"status": 404}}
    return {
        "format": "linkage-sites",
        "version": 1,
        "sites": [
            {**entry, "name": "Quill Club", "url": "https://quill.example.org/{username}"},
            {**entry, "name": adult, "url": "https://velvet.example.org/{username}",
             "tags": ["nsfw"]},
        ],
    }  # fmt: skip


def serve(server: LocalServer) -> None:
    def handler(request: Request) -> Answer:
        if request.path.endswith("/ada_example"):
            return Answer.data("profile of ada_example")
        return Answer.data("no such user", status=404)

    server.serve_all(handler)


@pytest.mark.parametrize("shape", [sherlock, whatsmyname, maigret, native])
def test_adult_sites_are_left_out_unless_nsfw_is_given(server, tmp_path: Path, shape):
    serve(server)
    sites = tmp_path / "sites.json"
    sites.write_text(json.dumps(shape("Velvet Rooms")))
    out = tmp_path / "found.jsonl"
    args = ["sweep", "ada_example", "--sites", str(sites), "-o", str(out), "-q"]
    result = runner.invoke(app, [*args, "--endpoint", f"*={server.url}"])
    assert result.exit_code == 0, result.output
    assert "Velvet Rooms" not in result.output and "velvet" not in out.read_text()
    assert "velvet.example.org" not in {request.host for request in server.requests}
    assert "found  ada_example  Quill Club" in result.output
    assert "Left out 1 adult site; add --nsfw to check it too." in result.output

    result = runner.invoke(app, [*args, "--nsfw", "--endpoint", f"*={server.url}"])
    assert result.exit_code == 0, result.output
    assert "found  ada_example  Velvet Rooms  https://velvet.example.org/ada_example" in (
        result.output
    )
    assert "Left out" not in result.output


def test_each_shared_list_marks_its_adult_sites_its_own_way():
    """The real files: Sherlock's 19 isNSFW sites, WhatsMyName's 39 "xx NSFW xx" ones, and
    Maigret's enabled entries tagged porn, erotic or webcam; the project's own list has none."""
    counts = {}
    for name in ("sherlock-data.json", "wmn-data.json", "maigret-data.json"):
        everything = load_sites(shared_file(name))
        safe = load_sites(shared_file(name), adult=False)
        assert len(safe.sites) + safe.adult == len(everything.sites)
        counts[name] = safe.adult
        assert not {"Pornhub", "XVideos", "Xvideos", "xHamster"} & {s.name for s in safe.sites}
    assert counts == {"sherlock-data.json": 19, "wmn-data.json": 39, "maigret-data.json": 35}
    assert load_sites(DEFAULT_SITES, adult=False).adult == 0
