from __future__ import annotations

import json
import os
import stat

import pytest

from linkage.errors import InputError
from linkage.record_files import read_links, read_profiles, write_jsonl, write_text
from linkage.records import Avatar, Collected, Evidence, Link, Post, Profile


def full_profile() -> Profile:
    return Profile(
        id="github:ada-example",
        platform="github",
        handle="Ada-Example",
        url="https://github.com/Ada-Example",
        persona="professional",
        display_name="Ada Example",
        bio="Maps, metadata and ✨ unicode ✨",
        location="Exampleton",
        links=["https://ada.example.org"],
        verified_links=["https://ada.example.org"],
        avatar=Avatar(
            url="https://avatars.example/u/1", sha256="ab" * 32, phash="f" * 16, dhash="0" * 16
        ),
        created_at="2015-01-01T00:00:00Z",
        posts=[Post(text="Hello", created_at="2026-01-01T10:00:00Z", url="https://example.org/1")],
        collected=Collected(
            collector="github",
            at="2026-11-24T10:00:00Z",
            source="https://api.github.com/users/ada-example",
        ),
    )


def test_profiles_round_trip(tmp_path):
    path = tmp_path / "profiles.jsonl"
    original = [
        full_profile(),
        Profile(id="web:https://x.example/", platform="web", handle="x.example"),
    ]
    write_jsonl(path, original)
    assert read_profiles(path) == original
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_every_contract_field_is_written(tmp_path):
    path = tmp_path / "p.jsonl"
    write_jsonl(path, [full_profile()])
    data = json.loads(path.read_text())
    for key in (
        "id",
        "platform",
        "handle",
        "url",
        "persona",
        "display_name",
        "bio",
        "location",
        "links",
        "avatar",
        "created_at",
        "posts",
        "collected",
    ):
        assert key in data
    assert set(data["collected"]) >= {"collector", "at", "source", "error"}


def test_unknown_fields_are_ignored_and_missing_optionals_are_empty(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text(
        json.dumps(
            {
                "id": "reddit:x",
                "platform": "reddit",
                "handle": "x",
                "future_field": {"a": 1},
                "avatar": {"url": "u", "new": 2},
            }
        )
        + "\n"
    )
    (profile,) = read_profiles(path)
    assert profile.links == [] and profile.posts == [] and profile.bio is None
    assert profile.avatar == Avatar(url="u")


def test_malformed_line_is_reported_by_number(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "a:1", "platform": "a", "handle": "1"}\n\n{not json\n')
    with pytest.raises(InputError, match=r"p\.jsonl, line 3: not valid JSON"):
        read_profiles(path)


def test_a_report_json_given_for_profiles_or_links_says_what_to_give_instead(tmp_path):
    """A report's pretty-printed JSON, or any JSON document over several lines, is named for
    what it is, not as a broken line 1."""
    analysis = tmp_path / "report.json"
    analysis.write_text(json.dumps({"version": 1, "accounts": [], "links": [], "exposure": []},
                                   indent=1))  # fmt: skip
    with pytest.raises(InputError, match=r"report\.json: this is a report's JSON") as found:
        read_profiles(analysis)
    assert "Give the profiles file instead" in str(found.value)
    with pytest.raises(InputError, match="Give the links file 'linkage link' writes"):
        read_links(analysis)
    record = tmp_path / "one.jsonl"
    record.write_text(json.dumps({"id": "a:1", "platform": "a", "handle": "1"}, indent=2))
    with pytest.raises(InputError, match="one JSON document over several lines, not JSON Lines"):
        read_profiles(record)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{\n  not json at all\n")
    with pytest.raises(InputError, match=r"broken\.jsonl, line 1: not valid JSON"):
        read_profiles(broken)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"platform": "a", "handle": "1"}', "'id' is missing"),
        ('{"id": "a:1", "platform": "a", "handle": "1", "links": "x"}', "'links' should be a list"),
        ('{"id": "a:1", "platform": "a", "handle": "1", "posts": [3]}', "each post"),
        ("[1, 2]", "expected a JSON object"),
        ('{"id": "a:1", "platform": "a", "handle": "1", "bio": 5}', "'bio' should be a string"),
    ],
)
def test_bad_records_name_the_line_and_reason(tmp_path, line, reason):
    path = tmp_path / "p.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(InputError, match=r"line 1: not a profile record") as info:
        read_profiles(path)
    assert reason in str(info.value)


def test_duplicate_ids_are_refused(tmp_path):
    path = tmp_path / "p.jsonl"
    line = '{"id": "a:1", "platform": "a", "handle": "1"}\n'
    path.write_text(line * 2)
    with pytest.raises(InputError, match="line 2: the id 'a:1' appears twice"):
        read_profiles(path)


@pytest.mark.parametrize(
    ("record", "said"),
    [
        ('{"id": "=HYPERLINK(1)", "platform": "web", "handle": "x"}', "is not a platform's"),
        ('{"id": "+web:x", "platform": "web", "handle": "x"}', "is not a platform's"),
        ('{"id": "github:", "platform": "github", "handle": "x"}', "is not a platform's"),
        ('{"id": "github:a\\u001b]0;T\\u0007", "platform": "github", "handle": "a"}', "control"),
    ],
)
def test_an_id_that_is_not_platform_colon_name_is_refused(tmp_path, record, said):
    """A hand-made file could give an id that a spreadsheet runs as a formula (the links
    table has no room for a guard: it is read back) or that rewrites the terminal."""
    path = tmp_path / "p.jsonl"
    path.write_text(record + "\n")
    with pytest.raises(InputError, match="line 1: the id") as info:
        read_profiles(path)
    assert said in str(info.value) and "\x1b" not in str(info.value)
    assert "PLATFORM:NAME" in str(info.value)


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_profiles(tmp_path / "absent.jsonl")
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b'{"id": "a:1", "platform": "a", "handle": "\xe9"}\n')
    with pytest.raises(InputError, match="not UTF-8"):
        read_profiles(path)


def test_avatar_paths_are_relative_to_the_file(tmp_path):
    (tmp_path / "img").mkdir()
    path = tmp_path / "p.jsonl"
    path.write_text(
        '{"id": "a:1", "platform": "a", "handle": "1", "avatar": {"path": "img/a.png"}}\n'
    )
    (profile,) = read_profiles(path)
    assert profile.avatar.path == str(tmp_path / "img" / "a.png")


def test_links_round_trip(tmp_path):
    path = tmp_path / "links.jsonl"
    links = [Link("a:1", "b:2", 0.9, 7.5, [Evidence("username", 7.5, "same username", ("x", "x"))])]
    write_jsonl(path, links)
    assert read_links(path) == links


def test_an_existing_file_becomes_owner_only(tmp_path):
    path = tmp_path / "profiles.jsonl"
    path.write_text("old\n")
    os.chmod(path, 0o644)
    write_jsonl(path, [full_profile()])
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    report = tmp_path / "report.html"
    report.write_text("old")
    os.chmod(report, 0o644)
    from linkage.record_files import open_private

    with open_private(report) as out:
        out.write("new")
    assert stat.S_IMODE(os.stat(report).st_mode) == 0o600


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file size limits are POSIX")
def test_a_failed_write_leaves_the_file_as_it_was_and_names_it(tmp_path):
    """A write the system refuses mid-way (here a file size limit, as a full disk does): the
    file keeps its earlier text, no partial file is left, and the error names the file the
    person knows (not a temporary one)."""
    import resource
    import signal

    path = tmp_path / "report.html"
    path.write_text("the earlier report", "utf-8")
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    ignored = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, limits[1]))
    try:
        with pytest.raises(OSError) as failed:
            write_text(path, "x" * 100_000)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, ignored)
    assert failed.value.filename == str(path)
    assert path.read_text("utf-8") == "the earlier report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_writes_of_one_file_at_once_never_share_a_partial_file(tmp_path):
    """Two runs writing one file (the cache's account index, say) each write a partial file
    of their own: each succeeds, and the file ends whole, one or the other."""
    import threading

    path = tmp_path / "accounts-index.json"
    texts = [json.dumps({"n": n, "pad": "x" * 200_000}) for n in range(8)]
    failed: list[BaseException] = []

    def write(text: str) -> None:
        try:
            write_text(path, text)
        except OSError as exc:  # a partial file renamed away by another writer
            failed.append(exc)

    threads = [threading.Thread(target=write, args=(t,)) for t in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failed == []
    assert path.read_text("utf-8") in texts
    assert [p.name for p in tmp_path.iterdir()] == ["accounts-index.json"]
