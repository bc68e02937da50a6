"""Site-list loaders: format detection, each format's fields, broken entries, the shared files."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collectors.sweep.detect import MaigretRule, NativeRule, SherlockRule, WmnRule
from collectors.sweep.sites import DEFAULT_SITES, detect_format, load_sites, parse_sites
from linkage.errors import InputError

from .conftest import shared_file


def test_shared_whatsmyname_file_loads():
    sites = load_sites(shared_file("wmn-data.json"))
    assert sites.format == "whatsmyname"
    assert len(sites.sites) == 715 and sites.disabled == 1 and not sites.broken
    by_name = {s.name: s for s in sites.sites}
    gitlab = by_name["GitLab"]
    assert isinstance(gitlab.rule, WmnRule) and not gitlab.follow_redirects
    assert gitlab.request_url("a b") == "https://gitlab.com/api/v4/users?username=a%20b"
    assert gitlab.profile_url("ab") == "https://gitlab.com/ab"
    anilist = by_name["AniList"]
    assert anilist.method == "POST" and b'\\"ab\\"' in anilist.request_body("ab")
    medium = by_name["Medium"]
    assert medium.username_for("a.b.c") == "abc"
    assert all("user-agent" not in {k.lower() for k in s.headers} for s in sites.sites)


def test_shared_sherlock_file_loads():
    sites = load_sites(shared_file("sherlock-data.json"))
    assert sites.format == "sherlock"
    assert len(sites.sites) == 481 and not sites.broken
    by_name = {s.name: s for s in sites.sites}
    github = by_name["GitHub"]
    assert isinstance(github.rule, SherlockRule) and github.method == "HEAD"
    assert github.username_for("-bad-") is None and github.username_for("octocat") == "octocat"
    gitlab = by_name["GitLab"]
    assert gitlab.request_url("x") == "https://gitlab.com/api/v4/users?username=x"
    assert gitlab.profile_url("x") == "https://gitlab.com/x" and gitlab.follow_redirects
    anilist = by_name["Anilist"]
    body = json.loads(anilist.request_body("Josh"))
    assert body["variables"] == {"name": "Josh"} and anilist.method == "POST"


def test_shared_maigret_file_loads_with_engines():
    sites = load_sites(shared_file("maigret-data.json"))
    assert sites.format == "maigret"
    assert sites.disabled >= 678 and not sites.broken
    by_name = {s.name: s for s in sites.sites}
    reddit = by_name["Reddit"]
    assert isinstance(reddit.rule, MaigretRule)
    assert reddit.request_url("a") == "https://www.reddit.com/user/a/about.json"
    engine_sites = [s for s in sites.sites if s.rule.presence and "Discourse" in s.rule.presence[0]]
    assert engine_sites, "Discourse engine fields were not applied"
    leetcode = by_name["LeetCode"]
    assert '"{username}"' not in leetcode.request_body("x").decode()
    assert 'matchedUser(username: \\"x\\")' in leetcode.request_body("x").decode()


def test_the_projects_own_list_is_complete_and_precise():
    sites = load_sites(None)
    assert sites.format == "linkage" and not sites.broken
    assert 30 <= len(sites.sites) <= 60
    assert "WhatsMyName" in sites.attribution
    for site in sites.sites:
        rule = site.rule
        assert isinstance(rule, NativeRule)
        # found and missing must be told apart by status or by text
        assert rule.found.status != rule.missing.status or rule.found.text or rule.missing.text
        assert site.check.has_slot or (site.body is not None and site.body.has_slot)
    raw = json.loads(DEFAULT_SITES.read_text())
    assert raw["format"] == "linkage-sites" and "CC BY-SA 4.0" in raw["licence"]


def test_format_is_detected_from_the_shape_not_the_name(tmp_path):
    wmn = {"sites": [{"name": "A", "uri_check": "https://a.example/{account}"}]}
    sherlock = {"A": {"url": "https://a.example/{}", "errorType": "status_code"}}
    maigret = {"sites": {"A": {"url": "https://a.example/{username}"}}, "engines": {}}
    native = {"format": "linkage-sites", "version": 1, "sites": []}
    assert detect_format(wmn) == "whatsmyname"
    assert detect_format(sherlock) == "sherlock"
    assert detect_format(maigret) == "maigret"
    assert detect_format(native) == "linkage"
    assert detect_format({"hello": "world"}) is None
    path = tmp_path / "list.txt"
    path.write_text(json.dumps(sherlock))
    assert load_sites(path).format == "sherlock"


def test_unreadable_or_unknown_files_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        load_sites(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InputError, match="not valid JSON"):
        load_sites(bad)
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}')
    with pytest.raises(InputError, match="WhatsMyName"):
        load_sites(other)


def test_broken_entries_are_named_and_the_rest_load():
    wmn = {
        "sites": [
            {
                "name": "Good",
                "uri_check": "https://g.example/{account}",
                "e_code": 200,
                "e_string": "x",
                "m_code": 404,
                "m_string": "",
            },
            {
                "name": "NoCode",
                "uri_check": "https://n.example/{account}",
                "e_string": "x",
                "m_code": 404,
                "m_string": "",
            },
            {
                "name": "NoSlot",
                "uri_check": "https://s.example/",
                "e_code": 200,
                "e_string": "x",
                "m_code": 404,
                "m_string": "",
            },
            {"name": "Off", "valid": False},
            "not an object",
        ]
    }
    loaded = parse_sites(wmn)
    assert [s.name for s in loaded.sites] == ["Good"]
    assert dict(loaded.broken) == {
        "NoCode": "missing field 'e_code'",
        "NoSlot": "neither 'uri_check' nor 'post_body' contains {account}",
        "entry 5": "not a JSON object",
    }
    assert loaded.disabled == 1

    sherlock = {
        "$schema": "data.schema.json",
        "BadRegex": {
            "url": "https://b.example/{}",
            "errorType": "status_code",
            "regexCheck": "^[a-z",
        },
        "BadType": {"url": "https://t.example/{}", "errorType": "guess"},
        "NoMsg": {"url": "https://m.example/{}", "errorType": "message"},
        "Good": {"url": "https://g.example/{}", "errorType": "status_code", "errorCode": 404},
    }
    loaded = parse_sites(sherlock)
    assert [s.name for s in loaded.sites] == ["Good"]
    reasons = dict(loaded.broken)
    assert "bad regular expression" in reasons["BadRegex"]
    assert "unknown errorType" in reasons["BadType"]
    assert "without 'errorMsg'" in reasons["NoMsg"]

    maigret = {
        "sites": {
            "Eng": {"engine": "Nope", "urlMain": "https://e.example"},
            "BadFmt": {"url": "https://f.example/{user}", "checkType": "status_code"},
            "Off": {
                "url": "https://o.example/{username}",
                "checkType": "status_code",
                "disabled": True,
            },
            "Tor": {
                "url": "http://x.onion/{username}",
                "checkType": "status_code",
                "protocol": "tor",
            },
            "Good": {
                "url": "{urlMain}/u/{username}",
                "urlMain": "https://g.example",
                "checkType": "status_code",
            },
        },
        "engines": {},
    }
    loaded = parse_sites(maigret)
    assert [s.name for s in loaded.sites] == ["Good"]
    assert loaded.sites[0].request_url("a") == "https://g.example/u/a"
    assert loaded.disabled == 1 and loaded.unsupported == 1  # "Off", and "Tor"
    assert set(dict(loaded.broken)) == {"Eng", "BadFmt"}


def test_maigret_engine_fields_are_merged_like_maigret():
    data = {
        "engines": {
            "Forum": {
                "site": {
                    "checkType": "message",
                    "url": "{urlMain}{urlSubpath}/m/{username}",
                    "absenceStrs": ["engine absent"],
                    "errors": {"e": "engine error"},
                }
            }
        },
        "sites": {
            "Board": {
                "engine": "Forum",
                "urlMain": "https://board.example",
                "urlSubpath": "/forum",
                "absenceStrs": ["site absent"],
                "presenceStrs": ["member"],
                "errors": {"s": "site"},
                "checkType": "status_code",
            }
        },
    }
    (site,) = parse_sites(data).sites
    assert site.request_url("bob") == "https://board.example/forum/m/bob"
    assert site.rule.check_type == "message"  # the engine's value replaces the site's
    assert site.rule.absence == ("site absent", "engine absent")
    assert site.rule.presence == ("member",)  # the 'presenceStrs' spelling is read too
    assert dict(site.rule.errors) == {"s": "site", "e": "engine error"}


def test_duplicate_names_are_told_apart():
    entry = {"url": "https://a.example/{}", "errorType": "status_code"}
    wmn_like = {
        "sites": [
            {
                "name": "Same",
                "uri_check": "https://a.example/{account}",
                "e_code": 200,
                "e_string": "",
                "m_code": 404,
                "m_string": "",
            },
            {
                "name": "Same",
                "uri_check": "https://b.example/{account}",
                "e_code": 200,
                "e_string": "",
                "m_code": 404,
                "m_string": "",
            },
        ]
    }
    assert [s.name for s in parse_sites(wmn_like).sites] == ["Same", "Same (2)"]
    assert parse_sites({"Only": entry}).sites[0].name == "Only"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 1000) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
WMN_KEYS = [
    "name",
    "uri_check",
    "uri_pretty",
    "post_body",
    "headers",
    "e_code",
    "e_string",
    "m_code",
    "m_string",
    "strip_bad_char",
    "valid",
]
SHERLOCK_KEYS = [
    "url",
    "urlProbe",
    "errorType",
    "errorMsg",
    "errorCode",
    "regexCheck",
    "request_method",
    "request_payload",
    "headers",
]
MAIGRET_KEYS = [
    "url",
    "urlProbe",
    "urlMain",
    "urlSubpath",
    "checkType",
    "presenseStrs",
    "absenceStrs",
    "errors",
    "engine",
    "regexCheck",
    "requestPayload",
    "disabled",
]


def entries(keys: list[str]):
    good = {
        "uri_check": st.just("https://a.example/{account}"),
        "url": st.sampled_from(
            ["https://a.example/{}", "{urlMain}/{username}", "https://b.example/{username}"]
        ),
        "e_code": st.sampled_from([200, 404]),
        "m_code": st.sampled_from([200, 404]),
        "errorType": st.sampled_from(["status_code", "message", ["message", "status_code"]]),
        "checkType": st.sampled_from(["message", "status_code", "response_url"]),
    }
    return st.fixed_dictionaries({}, optional={k: good.get(k, JSON) | JSON for k in keys})


@settings(max_examples=50, deadline=None)
@given(
    wmn=st.lists(entries(WMN_KEYS), max_size=4),
    sherlock=st.dictionaries(st.text(min_size=1, max_size=8), entries(SHERLOCK_KEYS), max_size=4),
    maigret=st.dictionaries(st.text(min_size=1, max_size=8), entries(MAIGRET_KEYS), max_size=4),
)
def test_any_entry_loads_or_is_reported_broken(wmn, sherlock, maigret):
    documents = [
        {"sites": [{"uri_check": "https://x.example/{account}"}, *wmn]},
        {"First": {"url": "https://x.example/{}", "errorType": "status_code"}, **sherlock},
        {"sites": maigret, "engines": {"E": {"site": {"checkType": "message"}}}},
    ]
    for document in documents:
        try:
            loaded = parse_sites(document, "random")
        except InputError:
            continue
        names = [s.name for s in loaded.sites] + [name for name, _ in loaded.broken]
        assert all(isinstance(reason, str) and reason for _, reason in loaded.broken)
        for site in loaded.sites:
            site.username_for("alex")
            site.request_url("alex")
            site.profile_url("alex")
            site.request_body("alex")
        assert len(names) <= 1 + max(len(wmn), len(sherlock), len(maigret))


def test_the_projects_list_takes_githubs_rule_from_the_platform_table() -> None:
    """GitHub's login rule lives once, in linkage/platforms/github.py: the built-in list's GitHub entry
    gives none and gets the table's."""
    from linkage import platforms

    raw = json.loads(DEFAULT_SITES.read_text("utf-8"))
    (entry,) = [e for e in raw["sites"] if e["name"] == "GitHub"]
    assert "username" not in entry
    (github,) = [s for s in load_sites(None).sites if s.name == "GitHub"]
    assert github.pattern is not None
    assert github.pattern.pattern == platforms.GITHUB.username_pattern
    assert github.username_for("octo-cat") == "octo-cat"
    assert github.username_for("-octocat") is None


def test_own_list_names_the_collector_of_its_gitlab_hits():
    """A GitLab account the sweep finds is one an audit can read: its handle is gitlab:NAME."""
    gitlab = {s.name: s for s in load_sites().sites}["GitLab"]
    assert gitlab.handle_for("alex-example") == "gitlab:alex-example"


def test_own_list_names_the_collector_of_its_codeberg_hits():
    """A Codeberg account the sweep finds is one an audit can read: its handle is codeberg:NAME."""
    codeberg = {s.name: s for s in load_sites().sites}["Codeberg"]
    assert codeberg.handle_for("alex-example") == "codeberg:alex-example"
