"""The typed status: one value, read the same way by records, the analysis and the report."""

from __future__ import annotations

import json

import pytest

from collectors.errors import STATUSES, NotFound, RateLimited
from linkage.errors import InputError
from linkage.evidence.analysis import analyse
from linkage.record_files import read_profiles, write_jsonl
from linkage.records import Collected, Profile
from linkage.status import COLLECTED, Status, StatusKind
from reports.accounts_view import account_view


def profile(status: Status, name: str = "ada") -> Profile:
    return Profile(
        id=f"github:{name}",
        platform="github",
        handle=name,
        bio="Maps and trains.",
        collected=Collected(collector="github", at="2026-12-01T00:00:00Z", status=status),
    )


@pytest.mark.parametrize(
    ("error", "kind", "reason"),
    [
        (None, StatusKind.COLLECTED, None),
        ("partial: the posts could not all be read: 43 kept", StatusKind.PARTIAL, None),
        ("not found: GitHub has no user called 'x'.", StatusKind.NOT_FOUND, None),
        ("rate-limited: api.github.com says too many requests", StatusKind.RATE_LIMITED, None),
        ("internal error: KeyError: 'x'. This is a bug", StatusKind.INTERNAL_ERROR, None),
        ("something another tool wrote", StatusKind.FAILED, "something another tool wrote"),
        ("collected: odd", StatusKind.FAILED, "collected: odd"),
    ],
)
def test_the_contract_error_field_reads_back_to_the_same_text(error, kind, reason):
    status = Status.from_error(error)
    assert status.kind is kind
    assert status.error == error  # written back exactly as read
    if reason is not None:
        assert status.reason == reason


def test_partial_is_collected_but_not_complete_and_failures_are_neither():
    partial = Status.partly("the feed could not be read")
    assert partial.ok and partial.partial and not partial.complete and not partial.failed
    assert COLLECTED.ok and COLLECTED.complete and str(COLLECTED) == "collected"
    failure = NotFound("no such user").as_status()
    assert failure.failed and not failure.ok and failure.error == "not found: no such user"
    assert failure.label == "not found"


def test_partial_reasons_accumulate_and_failures_stay():
    status = (
        COLLECTED.and_partly("comments: a").and_partly("submitted: b").and_partly("comments: a")
    )
    assert status.error == "partial: comments: a; submitted: b"
    assert status.reasons == ("comments: a", "submitted: b")
    failed = Status.failure(StatusKind.SUSPENDED, "gone")
    assert failed.and_partly("x") is failed
    with pytest.raises(ValueError):
        Status.failure(StatusKind.PARTIAL, "no")


def test_unknown_failure_text_is_kept_whole():
    assert Status.failure("teapot", "short and stout").error == "teapot: short and stout"
    empty = Status.from_error("")
    assert empty.failed and empty.error == "" and str(empty) == "failed"


def test_every_collector_status_is_a_kind():
    assert all(StatusKind(s) for s in STATUSES)
    assert RateLimited("slow down").as_status().kind is StatusKind.RATE_LIMITED


def test_profile_records_keep_the_contract_form(tmp_path):
    path = tmp_path / "p.jsonl"
    partial = profile(Status.partly("the posts could not all be read: 2 kept"), "ada")
    failed = profile(NotFound("GitHub has no user called 'bo'.").as_status(), "bo")
    write_jsonl(path, [partial, failed, profile(COLLECTED, "cy")])
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["collected"]["error"] for line in lines] == [
        "partial: the posts could not all be read: 2 kept",
        "not found: GitHub has no user called 'bo'.",
        None,
    ]
    assert "status" not in lines[0]["collected"]
    assert read_profiles(path) == [partial, failed, profile(COLLECTED, "cy")]


def test_collected_still_takes_the_contract_error_text():
    made = Collected(collector="x", at="", error="partial: the feed could not be read")
    assert made.status == Status.partly("the feed could not be read")
    with pytest.raises(AttributeError):
        made.error = "not found: x"  # type: ignore[misc]


def test_a_non_string_error_is_a_bad_record(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text(
        '{"id": "a:1", "platform": "a", "handle": "1", "collected": {"collector": "a", '
        '"at": "", "error": 5}}\n'
    )
    with pytest.raises(InputError, match=r"collected\.error"):
        read_profiles(path)


def test_the_analysis_and_the_report_read_partial_as_collected():
    partial = profile(Status.partly("the feed could not be read"), "ada")
    failed = profile(NotFound("no such user").as_status(), "bo")
    analysis = analyse([partial, failed], remediate=False)
    record = analysis.to_dict()
    statuses = {a["id"]: a["status"] for a in record["accounts"]}
    assert statuses == {
        "github:ada": "partial: the feed could not be read",
        "github:bo": "not found: no such user",
    }
    assert analysis.failed == [failed]
    assert record["complete"] is False

    view = account_view(partial, "Ada", redact=False)
    assert view["ok"] is True and view["status"] == "partial: the feed could not be read"
    # redacted, not why it could not be read (suspended, deleted say something of the person)
    assert account_view(failed, "Bo", redact=True)["status"] is None
    assert account_view(partial, "Ada", redact=True)["status"] == "partial"
    assert analyse([partial], remediate=False).to_dict()["complete"] is True


def test_the_redacted_record_keeps_only_the_kind_even_of_an_unknown_error():
    from reports.redact import redacted_dict

    foreign = profile(Status.from_error("Ada Lovelace's page was odd"), "cy")
    partial = profile(Status.partly("the feed of ada.example.org could not be read"), "ada")
    data = redacted_dict(analyse([partial, foreign], remediate=False))
    assert [a["status"] for a in data["accounts"]] == ["partial", "not read"]
