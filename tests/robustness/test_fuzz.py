"""Fuzzing what the other property tests leave out: handles, accounts files, site lists, and
every live collector end to end (through the HTTP layer) on mutated answers.

The budget is small for ``make test``; ``LINKAGE_FUZZ_SCALE`` multiplies it (``python -m
benchmarks robustness --long`` sets it). Every parser must either succeed or refuse in words
(a :class:`~linkage.errors.LinkageError`, or a collector status); nothing else may escape.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collectors import registry
from collectors.base import CollectContext, Limits
from collectors.errors import STATUSES
from collectors.http import HttpClient, HttpConfig
from linkage.accounts import AccountsFile, load_accounts
from linkage.errors import LinkageError, UsageError
from linkage.handles import Handle, parse_handle
from linkage.pipeline import collect_one
from linkage.records import Profile
from tests.robustness.fleet import ACCOUNTS, FAST, Fleet
from tests.server import Answer, LocalServer

SCALE = float(os.environ.get("LINKAGE_FUZZ_SCALE", "1"))


def budget(examples: int) -> settings:
    return settings(
        max_examples=max(1, round(examples * SCALE)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


PLATFORMS = registry.known_platforms()
FLEET_HANDLES = [
    line.split('"')[1]
    for line in ACCOUNTS.read_text("utf-8").splitlines()
    if line.startswith("handle")
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=25,
)


@st.composite
def mutated_text(draw: st.DrawFn, base: str) -> str:
    """``base`` with a few characters inserted, deleted or replaced."""
    chars = list(base)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(chars)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.text(min_size=1, max_size=3))
        if action == "insert" or not chars:
            chars[at:at] = list(piece)
        elif action == "delete":
            del chars[min(at, len(chars) - 1)]
        else:
            chars[min(at, len(chars) - 1)] = piece
    return "".join(chars)


@st.composite
def mutated_json(draw: st.DrawFn, value: Any) -> Any:
    """``value`` with one node replaced by random JSON, deleted, or its type changed."""
    if isinstance(value, dict) and value and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(value)))
        copy = dict(value)
        if draw(st.booleans()):
            copy[key] = draw(mutated_json(value[key]))
        else:
            del copy[key]
        return copy
    if isinstance(value, list) and value and draw(st.booleans()):
        at = draw(st.integers(0, len(value) - 1))
        copy = list(value)
        copy[at] = draw(mutated_json(value[at]))
        return copy
    return draw(json_values)


# -- handles -----------------------------------------------------------------------------------

handle_texts = st.one_of(
    st.text(max_size=120),
    st.builds(
        lambda p, n: f"{p}:{n}",
        st.sampled_from([*PLATFORMS, "", "GitHub", " web", "x"]),
        st.text(max_size=60),
    ),
    st.builds(
        lambda s, h, p: f"{s}://{h}{p}",
        st.sampled_from(["http", "https", "HTTPS", "javascript", "ftp", "data"]),
        st.text(max_size=30),
        st.text(max_size=30),
    ),
    st.sampled_from(FLEET_HANDLES).flatmap(mutated_text),
    st.sampled_from(FLEET_HANDLES),
)


@budget(300)
@given(handle_texts)
def test_any_text_is_a_handle_or_refused_in_words(text: str) -> None:
    try:
        handle = parse_handle(text)
    except UsageError as exc:
        assert str(exc).strip()
        return
    assert isinstance(handle, Handle) and handle.platform in PLATFORMS and handle.name
    assert parse_handle(handle.id) == handle, "a handle's id must read back as the same handle"


# -- accounts files ----------------------------------------------------------------------------


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return str(value)


values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(FLEET_HANDLES),
    st.sampled_from(
        ["personal", "professional", "x-archive", "exports/a.zip", "../../etc/passwd", "~"]
    ),
    st.integers(),
    st.booleans(),
    st.lists(st.text(max_size=8), max_size=3),
)
entries = st.dictionaries(
    st.sampled_from(["handle", "persona", "archive", "kind", "note"]), values, max_size=5
)


@st.composite
def accounts_documents(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=200))
    lines = []
    owner = draw(st.none() | values)
    if owner is not None:
        lines.append(f"owner = {toml_value(owner)}")
    for entry in draw(st.lists(entries, max_size=6)):
        lines.append("[[account]]")
        lines += [f"{key} = {toml_value(value)}" for key, value in entry.items()]
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.text(max_size=20)))
    return "\n".join(lines).encode(
        draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])), "replace"
    )


@budget(200)
@given(accounts_documents())
def test_any_accounts_file_loads_or_is_refused_in_words(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "accounts.toml"
        path.write_bytes(content)
        try:
            loaded = load_accounts(path)
        except LinkageError as exc:
            assert str(exc).strip()
            return
    assert isinstance(loaded, AccountsFile) and loaded.accounts
    ids = []
    for spec in loaded.accounts:
        assert (spec.handle is None) != (spec.archive is None)
        ids.append(spec.handle.id if spec.handle else str(spec.archive))
    assert len(ids) == len(set(ids)), "the same account twice"


# -- site lists --------------------------------------------------------------------------------


def _parse_sites(data: Any) -> None:
    from collectors.sweep.sites import parse_sites

    try:
        result = parse_sites(data, "fuzzed.json")
    except LinkageError as exc:
        assert str(exc).strip()
        return
    names = [site.name for site in result.sites]
    assert len(names) == len(set(names)), "two sites with one name"


@budget(200)
@given(json_values)
def test_any_json_document_is_a_site_list_or_refused_in_words(data: Any) -> None:
    _parse_sites(data)


@budget(100)
@given(st.data())
def test_mutated_site_lists_load_or_are_refused_in_words(data: st.DataObject) -> None:
    from collectors.sweep.sites import DEFAULT_SITES

    document = json.loads(DEFAULT_SITES.read_text("utf-8"))
    sites = document.get("sites")
    if isinstance(sites, list) and sites and data.draw(st.booleans()):
        at = data.draw(st.integers(0, len(sites) - 1))
        sites[at] = data.draw(mutated_json(sites[at]))
    else:
        document = data.draw(mutated_json(document))
    _parse_sites(document)


# -- every live collector, end to end, on mutated answers ---------------------------------------

STATUS_CHANGES = [200, 200, 200, 204, 301, 400, 401, 403, 404, 410, 418, 429, 451, 500]


@st.composite
def mutated_answer(draw: st.DrawFn, answer: Answer) -> Answer:
    body = answer.body
    how = draw(st.sampled_from(["json", "json", "truncate", "bytes", "empty", "status", "type"]))
    status, content_type = answer.status, answer.content_type
    if how == "json":
        try:
            body = json.dumps(draw(mutated_json(json.loads(body)))).encode()
        except ValueError:
            how = "bytes"
    if how == "truncate":
        body = body[: draw(st.integers(0, max(0, len(body) - 1)))]
    elif how == "bytes":
        spots = draw(
            st.lists(
                st.tuples(st.integers(0, max(0, len(body))), st.binary(min_size=1, max_size=4)),
                max_size=4,
            )
        )
        for at, piece in spots:
            body = body[:at] + piece + body[at + len(piece) :]
    elif how == "empty":
        body = b""
    elif how == "status":
        status = draw(st.sampled_from(STATUS_CHANGES))
    elif how == "type":
        content_type = draw(
            st.sampled_from(["text/html", "application/octet-stream", "image/png", ""])
        )
    return Answer(status, content_type or "application/json", body)


@pytest.mark.parametrize("platform", PLATFORMS)
@budget(12)
@given(data=st.data())
def test_collectors_survive_mutated_answers(
    platform: str, fleet: Fleet, server: LocalServer, data: st.DataObject
) -> None:
    account = next(a for a in fleet.accounts if a.platform == platform)
    keys = data.draw(st.lists(st.sampled_from(account.keys), min_size=1, max_size=3, unique=True))
    server.overrides.clear()
    try:
        for key in keys:
            server.overrides[key] = data.draw(mutated_answer(fleet.answers[key]))
        config = HttpConfig(endpoints={"*": server.url}, **{**FAST, "max_retries": 0})
        with HttpClient(config) as http:
            profile = collect_one(
                account.spec, CollectContext(http=http, limits=Limits(20, 2_000), env={})
            )
    finally:
        server.overrides.clear()
    error = profile.collected.error if profile.collected else None
    if error is not None:
        assert error.split(":", 1)[0] in STATUSES and "internal error" not in error, error
    assert Profile.from_dict(json.loads(json.dumps(profile.to_dict()))).id == profile.id
