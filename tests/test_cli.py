"""The command line end to end: real collectors against a local server, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkage.cli import app
from linkage.store import data_dir
from tests.collectors import codeberg_serving, gitlab_serving
from tests.contract import ANALYSIS_FIELDS
from tests.server import LocalServer

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "github"
runner = CliRunner()


def serve_github_user(server: LocalServer, login: str, *, blog: str = "", bio: str = "") -> None:
    user = json.loads((FIX / "user.json").read_text())
    user.update(
        {
            "login": login,
            "html_url": f"https://github.com/{login}",
            "blog": blog,
            "bio": bio,
            "twitter_username": None,
            "company": None,
        }
    )
    server.route(f"/users/{login.lower()}").json(user)
    for path in ("social_accounts", "events/public", "repos", "gists"):
        server.route(f"/users/{login}/{path}").json([])


def common(server: LocalServer, tmp_path: Path) -> list[str]:
    return [
        "--endpoint",
        f"*={server.url}",
        "--cache-dir",
        str(tmp_path / "cache"),
        "--quiet",
    ]


def accounts_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "accounts.toml"
    path.write_text(body)
    return path


def test_collect_goes_on_after_a_failing_account(server, tmp_path):
    serve_github_user(server, "ada-example", blog="ada.example.org")
    server.route("/users/ghost-example").json({"message": "Not Found", "status": "404"}, status=404)
    path = accounts_file(
        tmp_path,
        '[[account]]\nhandle = "github:ghost-example"\npersona = "personal"\n'
        '[[account]]\nhandle = "github:ada-example"\npersona = "professional"\n',
    )
    out = tmp_path / "profiles.jsonl"
    result = runner.invoke(
        app, ["collect", "--accounts", str(path), "-o", str(out), *common(server, tmp_path)]
    )
    assert result.exit_code == 1, result.output
    records = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert records["github:ada-example"]["collected"]["error"] is None
    assert records["github:ada-example"]["persona"] == "professional"
    assert records["github:ghost-example"]["collected"]["error"].startswith("not found:")
    assert "github:ghost-example" in result.output


def test_a_partial_account_is_collected_and_said_so(server, tmp_path):
    """A partial profile counts as collected (exit 0, as the report shows it), and the
    summary says what was not read; the record keeps the contract's text."""
    server.route("/users/Ada-Example/events/public").reply(
        "<html>502 Bad Gateway</html>", status=502
    )
    serve_github_user(server, "Ada-Example")
    out = tmp_path / "profiles.jsonl"
    result = runner.invoke(
        app, ["collect", "github:ada-example", "-o", str(out), *common(server, tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "Collected 1 of 1 account (1 only in part) into" in result.output
    assert "github:ada-example: partial: the public events could not be read" in result.output
    (record,) = map(json.loads, out.read_text().splitlines())
    assert record["collected"]["error"].startswith("partial: the public events could not be read")


def test_collect_says_each_account_once(server, tmp_path):
    """Without --quiet the progress lines say each account as it comes: the end does not
    repeat the failures; with --quiet the end is the only place, so it says them."""
    server.route("/users/ghost-example").json({"message": "Not Found", "status": "404"}, 404)
    args = ["collect", "github:ghost-example", "-o", str(tmp_path / "p.jsonl")]
    args += ["--endpoint", f"*={server.url}", "--cache-dir", str(tmp_path / "cache")]
    loud = runner.invoke(app, args)
    assert loud.exit_code == 1, loud.output
    assert loud.output.count("GitHub has no user called 'ghost-example'") == 1, loud.output
    quiet = runner.invoke(app, [*args, "--quiet"])
    assert quiet.output.count("GitHub has no user called 'ghost-example'") == 1, quiet.output


def test_audit_link_report_explain(server, tmp_path):
    serve_github_user(
        server,
        "quietknitter",
        blog="https://knits.example.net/",
        bio="<script>alert(1)</script>",
    )
    serve_github_user(server, "QuietKnitter-work", blog="knits.example.net")
    path = accounts_file(
        tmp_path,
        'owner = "Ada Example"\n[[account]]\nhandle = "github:quietknitter"\npersona = "personal"\n'
        '[[account]]\nhandle = "https://github.com/QuietKnitter-work"\npersona = "professional"\n',
    )
    report, result_json = tmp_path / "report.html", tmp_path / "result.json"
    audit = ["audit", str(path), "-o", str(report)]
    result = runner.invoke(app, [*audit, "--json", str(result_json), *common(server, tmp_path)])
    # the blog found from a link answers 500: said apart, as every listed account was read
    # (the contract's "complete"), and the status stays 0
    assert result.exit_code == 0, result.output
    assert "This audit is incomplete" not in result.output
    # after the verdict, and under --quiet the count alone (the report lists it, and why)
    assert "\n1 link in your profiles could not be followed.\n" in result.output
    assert result.output.index("can be joined") < result.output.index("1 link in your")
    assert f"{report}: the full report" in result.output
    html = report.read_text().replace("<wbr>", "")  # the report's break opportunities
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    analysis = json.loads(result_json.read_text())
    assert set(analysis) >= ANALYSIS_FIELDS
    (exposure,) = analysis["exposure"]
    assert (
        exposure["from"] == "github:quietknitter" and exposure["to"] == "github:quietknitter-work"
    )
    assert exposure["bits"] > 0 and exposure["chain"] == [
        "github:quietknitter",
        "github:quietknitter-work",
    ]
    # the collected profiles are kept in the private data folder, not beside the report
    assert not (tmp_path / "report-profiles.jsonl").exists()
    (profiles,) = (data_dir() / "profiles").glob("*.jsonl")
    assert f"{profiles}: the collected profiles, unredacted" in result.output
    records = {r["id"]: r for r in map(json.loads, profiles.read_text().splitlines())}
    assert {"github:quietknitter", "github:quietknitter-work"} <= set(records)
    blog = records["web:https://knits.example.net/"]  # the linked blog, followed one hop
    assert blog["discovered_by"] == "linked from github:quietknitter" and blog["persona"] is None

    links_csv = tmp_path / "links.csv"
    result = runner.invoke(
        app, ["link", str(profiles), "-o", str(links_csv), "--min-probability", "0"]
    )
    # 0, as the audit and the report: only the blog found from a link could not be read, and
    # the output says so
    assert result.exit_code == 0 and "wrote 1 link to" in result.output
    assert "1 account could not be read and was left out" in result.output
    assert (
        links_csv.read_text(encoding="utf-8")
        .splitlines()[0]
        .startswith("a,b,probability,match_weight,")
    )

    redacted = tmp_path / "shared.html"
    result = runner.invoke(
        app, ["report", str(profiles), "--links", str(links_csv), "-o", str(redacted), "--redact"]
    )
    assert result.exit_code == 0, result.output  # as the audit: only the blog found from a link
    assert "quietknitter" not in redacted.read_text().lower()

    result = runner.invoke(
        app,
        ["explain", str(profiles), "github:quietknitter", "github:quietknitter-work"],
        env={"COLUMNS": "240"},
    )
    assert result.exit_code == 0
    assert "links between the accounts" in result.output and "In all:" in result.output
    # the probability as a figure: "almost certainly" is the top level's word, not every 99.9 %
    assert "In all: over 99.9 % likely one person" in " ".join(result.output.split())
    # its column writes percentages as the report does ("25 %", "over 99.9 %")
    assert "> 99.9 %" not in result.output and "25.0%" not in result.output
    assert "before any clue" in result.output
    assert "The level goes by the clues, not by the starting point." in result.output
    # the level in the report's words, as its badge shows it
    assert "Level \u201calmost certain\u201d" in result.output
    assert "crosslink" not in result.output  # clues in words, not signal identifiers

    # offline: the second run is served from the cache alone
    server.clear()
    result = runner.invoke(
        app,
        [
            *audit,
            "--offline",
            "--depth",
            "0",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--endpoint",
            f"*={server.url}",
            "--quiet",
            "--json",
            str(result_json),
            "--min-probability",
            "1",  # the analysis lists the pairs from this probability: none
        ],
    )
    assert result.exit_code == 0, result.output
    assert len(profiles.read_text().splitlines()) == 2  # --depth 0: no links followed
    assert analysis["links"] and json.loads(result_json.read_text())["links"] == []


@pytest.mark.parametrize("args", [["--version"], ["demo", "--help"]])
def test_python_dash_m(args):
    done = subprocess.run(
        [sys.executable, "-m", "linkage", *args], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_link_writes_chain_evidence_unless_direct(tmp_path):
    from linkage.record_files import write_jsonl
    from linkage.records import Profile

    profiles = tmp_path / "profiles.jsonl"
    write_jsonl(profiles, [
        Profile(id="github:quietknitter_ed", platform="github", handle="quietknitter_ed", bio="Archivist."),
        Profile(id="reddit:quietknitter_ed", platform="reddit", handle="quietknitter_ed",
                links=["https://mossbank.example.org/"], bio="Wool."),
        Profile(id="web:https://mossbank.example.org/", platform="web", handle="mossbank.example.org",
                url="https://mossbank.example.org/", bio="Notes from a garden."),
    ])  # fmt: skip
    chained, direct = tmp_path / "chained.csv", tmp_path / "direct.csv"
    assert runner.invoke(app, ["link", str(profiles), "-o", str(chained)]).exit_code == 0
    assert runner.invoke(app, ["link", str(profiles), "-o", str(direct), "--direct"]).exit_code == 0
    assert "chain" in chained.read_text().splitlines()[0].split(",")
    assert "chain" not in direct.read_text().splitlines()[0].split(",")
    shown = runner.invoke(
        app,
        ["explain", str(profiles), "github:quietknitter_ed", "web:https://mossbank.example.org/"],
        env={"COLUMNS": "240"},
    )
    assert (
        shown.exit_code == 0
        and "other accounts" in shown.output
        and "through reddit:quietknitter_ed" in shown.output
    )


def test_report_says_what_it_is_doing_before_the_silent_part(tmp_path):
    """Linking and working out the changes takes seconds (a minute or two on a larger input);
    the terminal says so first, on standard error, unless --quiet."""
    profiles = tmp_path / "profiles.jsonl"
    records = [
        {"id": "github:ada-example", "platform": "github", "handle": "ada-example",
         "persona": "professional", "display_name": "Ada Example"},
        {"id": "reddit:quiet_reader", "platform": "reddit", "handle": "quiet_reader",
         "persona": "personal", "links": ["https://github.com/ada-example"]},
        # found through a link and not read: counted as the audit that saved it counted it
        {"id": "web:https://gone.example.org/", "platform": "web", "handle": "gone.example.org",
         "discovered_by": "linked from reddit:quiet_reader",
         "collected": {"status": "not_found", "error": "the address answered 'not found'"}},
    ]  # fmt: skip
    profiles.write_text("".join(json.dumps(r) + "\n" for r in records))
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(profiles), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Linking 2 accounts and working out what to change…" in result.output
    assert "minute" not in result.output
    quiet = runner.invoke(app, ["report", str(profiles), "-o", str(out), "--quiet"])
    assert quiet.exit_code == 0 and "Linking" not in quiet.output
    from linkage.cli.progress import linking_line

    slow = "Linking 14 accounts and working out what to change (this can take a minute or two)…"
    assert linking_line(14) == slow and "minute" not in linking_line(9)


def test_report_on_profiles_with_an_unread_account_exits_as_audit_does(tmp_path):
    """Exit status 1 when the job ran but some accounts failed (the contract): report said 0
    for profiles whose personal accounts had all failed, and its "Nothing to change among the
    accounts that could be read" was said of chains never measured."""
    profiles = tmp_path / "profiles.jsonl"
    failed = {"error": "could not reach https://x", "status": "failed"}
    records = [
        {"id": "github:ada-example", "platform": "github", "handle": "ada-example",
         "persona": "professional", "display_name": "Ada Example"},
        {"id": "web:https://ada.example.org/", "platform": "web", "handle": "ada.example.org",
         "persona": "professional", "url": "https://ada.example.org/"},
        {"id": "reddit:quiet_reader", "platform": "reddit", "handle": "quiet_reader",
         "persona": "personal", "collected": failed},
    ]  # fmt: skip
    profiles.write_text("".join(json.dumps(r) + "\n" for r in records))
    out, analysis = tmp_path / "report.html", tmp_path / "analysis.json"
    result = runner.invoke(app, ["report", str(profiles), "-o", str(out), "--json", str(analysis)])
    assert result.exit_code == 1, result.output
    assert "none of your personal accounts could be read" in result.output
    written = json.loads(analysis.read_text())
    plan = written["remediation"]  # an empty plan that says why, not "nothing to change"
    assert (plan["stopped"], plan["changes"], plan["before_bits"], plan["complete"]) == (
        "not_measured",
        [],
        None,
        False,
    )
    unknown = [e for e in written["exposure"] if e["level"] == "unknown"]
    assert unknown and all(e["bits"] is None and e["probability"] is None for e in unknown)
    text = " ".join(out.read_text().split())
    assert "Nothing to change" not in text
    assert "no account of one of your sides could be read, so no chain between your sides" in text


def test_report_refuses_a_links_file_made_from_other_profiles(tmp_path):
    profiles, others = tmp_path / "profiles.jsonl", tmp_path / "others.jsonl"
    mine = [{"id": f"github:ada-{n}", "platform": "github", "handle": f"ada-{n}"} for n in "ab"]
    theirs = [{"id": f"reddit:wren-{n}", "platform": "reddit", "handle": f"wren-{n}"} for n in "ab"]
    profiles.write_text("".join(json.dumps(r) + "\n" for r in mine))
    others.write_text("".join(json.dumps(r) + "\n" for r in theirs[:1] + mine))
    links = tmp_path / "links.csv"
    made = runner.invoke(app, ["link", str(others), "-o", str(links), "--min-probability", "0"])
    assert made.exit_code == 0, made.output
    out = str(tmp_path / "r.html")
    some = runner.invoke(app, ["report", str(profiles), "--links", str(links), "-o", out])
    assert some.exit_code == 0, some.output
    assert "Note: 3 of the 3 pairs" not in some.output
    said = " ".join(some.output.split())
    assert f"Note: 2 of the 3 pairs in {links} name accounts that are not in {profiles}" in said
    others.write_text("".join(json.dumps(r) + "\n" for r in theirs))
    runner.invoke(app, ["link", str(others), "-o", str(links), "--min-probability", "0"])
    none = runner.invoke(app, ["report", str(profiles), "--links", str(links), "-o", out])
    assert none.exit_code == 2
    assert "so it was made from other profiles" in " ".join(none.output.split())


def test_collect_refuses_one_account_given_twice(tmp_path):
    """Two forms of one handle were collected twice, into a profiles file with one id twice
    that link and report then refused."""
    out = tmp_path / "profiles.jsonl"
    twice = ["collect", "github:mfinlay-lib", "https://github.com/mfinlay-lib", "-o", str(out)]
    result = CliRunner().invoke(app, [*twice, "--offline"])
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert (
        "'https://github.com/mfinlay-lib' is the same account as 'github:mfinlay-lib' "
        "(github:mfinlay-lib); give each account once."
    ) in said
    assert not out.exists()
    accounts = tmp_path / "accounts.toml"
    accounts.write_text('[[account]]\nhandle = "mastodon:alice@example.social"\n', "utf-8")
    again = ["collect", "mastodon:@alice@example.social", "--accounts", str(accounts)]
    result = CliRunner().invoke(app, [*again, "-o", str(out), "--offline"])
    assert result.exit_code == 2
    assert "same account as mastodon:alice@example.social in" in " ".join(result.output.split())


def test_report_lists_the_pairs_from_the_probability_asked_for(tmp_path):
    """The analysis's links are 'every pair at or above --min-probability', and report (like
    audit) had no such option: its links always stopped at the default, 5 %."""
    profiles = tmp_path / "profiles.jsonl"
    records = [
        {"id": "github:ada-example", "platform": "github", "handle": "ada-example",
         "persona": "professional", "display_name": "Ada Example"},
        {"id": "reddit:quiet_reader", "platform": "reddit", "handle": "quiet_reader",
         "persona": "personal", "bio": "Knitting, mostly."},
        {"id": "bluesky:fernlight.example.social", "platform": "bluesky",
         "handle": "fernlight.example.social", "persona": "personal",
         "display_name": "Wren Hollis"},
    ]  # fmt: skip
    profiles.write_text("".join(json.dumps(r) + "\n" for r in records))
    listed = {}
    for floor in ("0.5", "0"):
        out = tmp_path / f"analysis-{floor}.json"
        args = ["report", str(profiles), "-o", str(tmp_path / "r.html"), "--json", str(out)]
        result = runner.invoke(app, [*args, "--min-probability", floor, "-q"])
        assert result.exit_code == 0, result.output
        analysis = json.loads(out.read_text())
        listed[floor] = [link["probability"] for link in analysis["links"]]
    assert len(listed["0"]) == 3  # every pair
    assert all(p >= 0.5 for p in listed["0.5"]) and len(listed["0.5"]) < 3


def test_a_website_that_could_not_be_read_keeps_the_handle_it_would_show(tmp_path):
    """A website read shows its host and path as its handle; one that could not be read had
    the whole address instead, so one site had two handles from one run to the next."""
    out = tmp_path / "profiles.jsonl"
    args = ["collect", "https://alice.example.org/notes/", "-o", str(out), "--offline"]
    result = CliRunner().invoke(app, [*args, "--cache-dir", str(tmp_path / "cache"), "-q"])
    assert result.exit_code == 1, result.output
    (record,) = map(json.loads, out.read_text().splitlines())
    assert record["collected"]["error"].startswith("not in cache:")
    assert record["id"] == "web:https://alice.example.org/notes/"
    assert record["handle"] == "alice.example.org/notes"  # as web_handle shows a site read


def test_collect_reads_gitlab_and_forgejo_servers_of_anyone_s(server, tmp_path):
    """A council's GitLab and a community's Forgejo, named as the accounts file lets any
    handle be written (the handle alone, the platform apart, a profile's address with its
    platform), each mapped with --endpoint HOST=BASEURL: nothing is asked of gitlab.com,
    codeberg.org or any other host."""
    forge = "forge.xn--bcher-kva.example"  # forge.bücher.example, as addresses carry it
    gitlab_serving.serve(server, host="git.council.example")
    codeberg_serving.serve(server, host=forge)
    path = accounts_file(
        tmp_path,
        '[[account]]\nhandle = "gitlab:Alex-Example@git.council.example"\n'
        'persona = "professional"\n'
        '[[account]]\nplatform = "gitea"\nhandle = "alex-example@forge.bücher.example"\n'
        'persona = "personal"\n'
        '[[account]]\nplatform = "gitlab"\nhandle = "https://git.council.example/alex-example"\n',
    )
    out = tmp_path / "profiles.jsonl"
    with LocalServer() as elsewhere:
        args = ["collect", "--accounts", str(path), "-o", str(out), "--quiet"]
        args += ["--endpoint", f"git.council.example={server.url}"]
        args += ["--endpoint", f"{forge}={server.url}", "--endpoint", f"*={elsewhere.url}"]
        result = runner.invoke(app, [*args, "--cache-dir", str(tmp_path / "cache")])
        assert result.exit_code == 2, result.output  # the same account twice
        assert "gitlab:alex-example@git.council.example" in result.output
        path.write_text(path.read_text().rsplit("[[account]]", 1)[0])
        result = runner.invoke(app, [*args, "--cache-dir", str(tmp_path / "cache")])
        assert result.exit_code == 0, result.output
        assert elsewhere.requests == []
    records = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    lab = records["gitlab:alex-example@git.council.example"]
    assert (lab["platform"], lab["handle"]) == ("gitlab", "Alex-Example@git.council.example")
    assert lab["url"] == "https://git.council.example/Alex-Example"
    assert lab["collected"]["error"] is None and lab["posts"]
    forgejo = records[f"forgejo:alex-example@{forge}"]
    assert (forgejo["platform"], forgejo["persona"]) == ("forgejo", "personal")
    assert forgejo["url"] == f"https://{forge}/Alex-Example"
    assert forgejo["collected"]["error"] is None and forgejo["posts"]
    assert {r.host for r in server.requests} == {"git.council.example", forge}
