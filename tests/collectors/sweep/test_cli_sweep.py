"""``linkage sweep`` end to end: the command line, its records, warnings, and its start-up."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from linkage.cli import app
from tests.server import Answer, Fault, LocalServer, Request, on_host

ROOT = Path(__file__).resolve().parents[3]
runner = CliRunner()


def site_list(tmp_path: Path) -> Path:
    entry = {
        "url": "https://{host}/@{username}",
        "check": "https://{host}/api/{username}",
        "username": "^[a-z0-9_]{2,20}$",
        "found": {"status": 200, "text": '"login":'},
        "missing": {"status": 404, "text": "no such user"},
    }
    sites = [
        {**json.loads(json.dumps(entry).replace("{host}", host)), "name": name}
        for name, host in (("Alpha", "alpha.example.org"), ("Beta", "beta.example.org"))
    ]
    sites.append({"name": "Half Done", "url": "https://half.example.org/{username}"})
    path = tmp_path / "sites.json"
    path.write_text(json.dumps({"format": "linkage-sites", "version": 1, "sites": sites}))
    return path


def serve(server: LocalServer) -> None:
    def handler(request: Request) -> Answer:
        name = request.path.rsplit("/", 1)[-1]
        if request.headers["Host"] == "alpha.example.org" and name == "ada_example":
            return Answer.json({"login": name})
        return Answer.data("no such user", status=404)

    server.serve_all(handler)


def test_sweep_writes_a_record_for_every_check(server, tmp_path):
    serve(server)
    out = tmp_path / "found.jsonl"
    result = runner.invoke(
        app,
        [
            "sweep",
            "ada_example",
            "Ada.Example",
            "--sites",
            str(site_list(tmp_path)),
            "-o",
            str(out),
            "--endpoint",
            f"*={server.url}",
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == 0o600  # what was found is the user's business alone
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 6  # 2 usernames x 3 site entries
    assert all(
        list(r) == ["username", "site", "url", "status", "http_status", "detail"] for r in records
    )
    by_key = {(r["username"], r["site"]): r for r in records}
    assert by_key[("ada_example", "Alpha")]["status"] == "found"
    assert by_key[("ada_example", "Alpha")]["url"] == "https://alpha.example.org/@ada_example"
    assert by_key[("ada_example", "Beta")]["status"] == "missing"
    assert by_key[("Ada.Example", "Alpha")]["status"] == "unknown"
    assert "refused" in by_key[("Ada.Example", "Alpha")]["detail"]
    assert by_key[("ada_example", "Half Done")]["status"] == "unknown"
    assert "warning: skipping site 'Half Done'" in result.output
    assert "found  ada_example  Alpha  https://alpha.example.org/@ada_example" in result.output
    # Ada.Example does not fit the sites' rules: no one has it there, which is no failure
    assert "1 found, 1 missing, 2 not possible there, 2 could not tell" in result.output
    assert (
        "Ada.Example is not possible on Alpha and Beta: their rules do not allow such a "
        "username, so no one has it there." in result.output
    )
    requested = {(s.host, s.path) for s in server.requests}
    assert ("alpha.example.org", "/api/Ada.Example") not in requested


def test_sweep_says_why_it_could_not_tell_and_what_to_do(server, tmp_path):
    """Every check unanswered ended with '55 could not tell' and no word of why; the
    common reasons are now counted, with what to do about each."""
    serve(server)
    server.add(on_host("beta.example.org"), Fault("slow", seconds=3))
    args = ["sweep", "ada_example", "--sites", str(site_list(tmp_path)), "--quiet"]
    result = runner.invoke(app, [*args, "--endpoint", f"*={server.url}", "--timeout", "0.5"])
    assert result.exit_code == 1, result.output  # a site could not tell: as a failed account
    assert "Checked 1 username on 3 sites" in result.output  # not "1 username(s)"
    # every check that could not tell is counted under its reason: the counts add up
    assert (
        "Could not tell: the site gave no answer in time (1 check); the site list's entry "
        "could not be used (1 check). A longer --timeout (now 0.5 s) may help. The warnings "
        "above say what is wrong with each. The same sweep again asks only the sites that "
        "could not tell: those that answered are kept for a day." in result.output
    )
    assert "2 could not tell" in result.output
    with socket.socket() as closed:  # a port nothing listens on once this is closed
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = runner.invoke(app, [*args, "--endpoint", f"*=http://127.0.0.1:{port}"])
    assert result.exit_code == 1, result.output
    assert (
        "Could not tell: the site could not be reached (2 checks); the site list's entry "
        "could not be used (1 check). Check your connection, or try again later." in result.output
    )


def test_sweep_with_variants_and_a_progress_bar(server, tmp_path):
    serve(server)
    result = runner.invoke(
        app,
        [
            "sweep",
            "ada.example",
            "--variants",
            "--sites",
            str(site_list(tmp_path)),
            "--endpoint",
            f"*={server.url}",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "found  ada_example  Alpha" in result.output  # a variant of ada.example
    assert "Checked 4 usernames on 3 sites" in result.output


def test_sweep_usage_errors_exit_2(tmp_path):
    result = runner.invoke(app, ["sweep"])
    assert result.exit_code == 2 and "Name at least one username" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"nothing": true}')
    result = runner.invoke(app, ["sweep", "alex", "--sites", str(bad)])
    assert result.exit_code == 2 and "not a site list" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["sweep", "alex", "--endpoint", "nonsense"])
    assert result.exit_code == 2 and "--endpoint" in result.output
    assert runner.invoke(app, ["sweep", "--help"]).exit_code == 0


def test_sweep_imports_only_what_a_sweep_needs(server, tmp_path):
    serve(server)
    code = (
        "import sys\n"
        "from linkage.cli import main\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    heavy = ['requests', 'pandas', 'networkx', 'jinja2', 'bs4', 'lxml', 'PIL',\n"
        "             'rapidfuzz', 'imagehash', 'requests_cache', 'collectors.registry']\n"
        "    print('HEAVY', [m for m in heavy if m in sys.modules], file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("LINKAGE_ENDPOINTS", None)
    sites = site_list(tmp_path)
    # a site list whose addresses point straight at the local server: no endpoint override
    sites.write_text(sites.read_text().replace("https://alpha.example.org", server.url))
    proc = subprocess.run(
        [sys.executable, "-c", code, "sweep", "ada_example", "--sites", str(sites), "-q"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=tmp_path,
    )
    # Beta's address is not mapped to the local server: it cannot be reached here (status 1)
    assert proc.returncode in (0, 1), proc.stderr
    assert "HEAVY []" in proc.stderr


def test_every_reason_a_check_could_not_tell_is_counted():
    """'55 could not tell' was followed by reasons for 53: a site's own unclear answer and a
    username its rules refuse were not counted."""
    from collections import Counter

    from collectors.sweep.command import _unsure_line, _why_unsure

    details = [
        "HTTP 404 fits neither the 'exists' nor the 'missing' rule",
        "network error: ConnectionRefusedError: refused",
        "blocked by a challenge page (HTTP 403)",
    ]
    line = _unsure_line(Counter(_why_unsure(d) for d in details), 10.0)
    assert line == (
        "Could not tell: the site could not be reached (1 check); the site blocked the check "
        "(1 check); the site's answer said neither (1 check). Check your connection, or try "
        "again later. Each record written with -o says what it was. The same sweep again asks "
        "only the sites that could not tell: those that answered are kept for a day."
    )


def test_the_summary_says_what_found_means_and_what_to_do_next(server, tmp_path):
    """'found' was never explained: an account with that name exists there, maybe someone
    else's; the summary says so, and how to audit one that is yours."""
    serve(server)
    args = ["sweep", "ada_example", "--sites", str(site_list(tmp_path)), "--quiet"]
    result = runner.invoke(app, [*args, "--endpoint", f"*={server.url}"])
    assert result.exit_code == 0, result.output
    assert (
        '"found" only means that an account with that name exists there, and it may be '
        "someone else's: open each address to check it is yours, and to audit one that is, "
        "add it to your accounts file under [[account]] as "
        "handle = \"https://alpha.example.org/@ada_example\" (or run 'linkage init')."
    ) in result.output
    result = runner.invoke(
        app, ["sweep", "nobody_here", *args[2:], "--endpoint", f"*={server.url}"]
    )
    assert result.exit_code == 0 and "only means" not in result.output  # nothing found
    text = runner.invoke(app, ["sweep", "--help"], terminal_width=100).output
    assert "Check where your own usernames are taken" in text
    assert "Meant for your own usernames" in " ".join(text.split())
    assert "your own usernames are taken" in runner.invoke(app, ["--help"]).output


def test_a_list_with_no_usable_site_is_refused_in_one_line(server, tmp_path):
    """'Checked 1 username on 0 sites … 0 found, 0 missing, 2 could not tell' and exit 0:
    a site list none of whose entries can be used is bad input (exit 2), said in one line."""
    serve(server)
    sites = tmp_path / "mysites.json"
    half = {"name": "Half Done", "url": "https://half.example.org/{username}"}
    sites.write_text(
        json.dumps({"format": "linkage-sites", "sites": [half, {**half, "name": "Also Half Done"}]})
    )
    args = ["sweep", "ada_example", "--sites", str(sites), "--endpoint", f"*={server.url}"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.output.strip() == (
        "linkage: No site of mysites.json can be checked: 'Half Done' cannot be used "
        "(missing object 'found'; 1 more cannot be used either). Mend the list, or leave "
        "out --sites to use linkage's own."
    )
    sites.write_text(json.dumps({"format": "linkage-sites", "sites": []}))
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "mysites.json has no sites in it" in result.output
    assert not server.requests


def test_the_counts_add_up_to_the_sites_named(server, tmp_path):
    """'on 2 sites: 1 found, 0 missing, 2 could not tell': the entry that could not be used
    was counted among the checks but not among the sites."""
    serve(server)
    args = ["sweep", "ada_example", "--sites", str(site_list(tmp_path)), "--quiet"]
    result = runner.invoke(app, [*args, "--endpoint", f"*={server.url}"])
    assert result.exit_code == 0, result.output
    assert "on 3 sites of sites.json (1 of them could not be used) in " in result.output
    assert "1 found, 1 missing, 1 could not tell" in result.output


def test_the_summary_names_the_list_as_given_and_why_entries_were_left_out(server, tmp_path):
    """It said '(linkage list)' of the user's own file, and 'Left out 1 entries the list turns
    off or that need more'."""
    serve(server)
    sites = site_list(tmp_path)
    data = json.loads(sites.read_text())
    data["sites"].append({**data["sites"][0], "name": "Gone", "disabled": True})
    mine = tmp_path / "my-sites.json"
    mine.write_text(json.dumps(data))
    args = ["sweep", "ada_example", "--quiet", "--endpoint", f"*={server.url}"]
    result = runner.invoke(app, [*args, "--sites", str(mine)])
    assert result.exit_code == 0, result.output
    assert "Checked 1 username on 3 sites of my-sites.json (1 of them" in result.output
    assert "Left out 1 entry the list marks as not working." in result.output
    data["sites"][-1]["disabled"] = False
    data["sites"].append({**data["sites"][-1], "name": "Also Gone", "disabled": True})
    data["sites"].append({**data["sites"][-1], "name": "Gone Too", "disabled": True})
    mine.write_text(json.dumps(data))
    result = runner.invoke(app, [*args, "--sites", str(mine)])
    assert "Left out 2 entries the list marks as not working." in result.output
    maigret = {
        "sites": {
            "Old": {"url": "https://old.example.org/{username}", "checkType": "status_code",
                    "disabled": True},
            "Hidden": {"url": "http://hidden.example.org/{username}", "checkType": "status_code",
                       "protocol": "tor"},
            "Quill": {"url": "https://quill.example.org/{username}", "checkType": "status_code"},
        },
        "engines": {},
    }  # fmt: skip
    mine.write_text(json.dumps(maigret))
    result = runner.invoke(app, [*args, "--sites", str(mine)])
    assert result.exit_code == 0, result.output
    assert (
        "Left out 1 entry the list marks as not working and 1 that needs what linkage does "
        "not do (a Tor, I2P or DNS lookup, a sign-in token fetched first, or an account "
        "number instead of a username)." in result.output
    )
    result = runner.invoke(app, [*args])  # the shipped list
    # the test's server answers its sites' checks with neither rule's answer: status 1
    assert result.exit_code == 1, result.output
    assert "of linkage's own list in " in result.output


def test_a_sweep_that_could_not_check_some_sites_exits_1_and_says_what_to_do(tmp_path):
    """With no site reachable it said "0 found, 0 missing, 7 could not tell" and exited 0, as
    if the sweep had done its job; an audit that could not read an account exits 1."""
    with socket.socket() as closed:  # a port nothing listens on once this is closed
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    out = tmp_path / "found.jsonl"
    args = ["sweep", "ada_example", "--sites", str(site_list(tmp_path)), "-q", "-o", str(out)]
    result = runner.invoke(app, [*args, "--endpoint", f"*=http://127.0.0.1:{port}"])
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert "0 found, 0 missing, 3 could not tell" in said
    assert "Check your connection, or try again later." in said
    assert len(out.read_text().splitlines()) == 3  # the records are written all the same


def test_a_username_a_site_does_not_allow_is_not_possible_there_not_unknown(server, tmp_path):
    """'quiet_reader' on GitHub (no underscore allowed) was counted under "could not tell";
    no account there can have it. The record keeps the contract's status (unknown, with the
    reason), and the sweep, every site asked having answered, exits 0."""
    serve(server)
    out = tmp_path / "found.jsonl"
    sites = site_list(tmp_path)
    data = json.loads(sites.read_text())
    data["sites"] = data["sites"][:2]  # Alpha and Beta, without the entry that cannot be used
    data["sites"][1]["username"] = "^[a-z]{2,20}$"  # Beta: letters only
    sites.write_text(json.dumps(data))
    args = ["sweep", "ada_example", "--sites", str(sites), "-q", "-o", str(out)]
    result = runner.invoke(app, [*args, "--endpoint", f"*={server.url}"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "1 found, 0 missing, 1 not possible there, 0 could not tell." in said
    assert (
        "ada_example is not possible on Beta: its rules do not allow such a username, so no "
        "one has it there." in said
    )
    assert "Could not tell" not in said
    by_site = {r["site"]: r for r in map(json.loads, out.read_text().splitlines())}
    beta = by_site["Beta"]
    assert beta["status"] == "unknown"  # as the contract says
    assert beta["detail"].startswith("username refused by the site's rule")


def test_an_accounts_file_given_as_the_site_list_is_named_for_what_it_is(tmp_path):
    """'--sites accounts.toml' said "is not valid JSON (Expecting value: line 1 column 1
    (char 0))"."""
    accounts = tmp_path / "accounts.toml"
    accounts.write_text('[[account]]\nhandle = "github:ada-example"\n', encoding="utf-8")
    result = runner.invoke(app, ["sweep", "ada_example", "--sites", str(accounts)])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert said.startswith(
        f"linkage: {accounts}: this is an accounts file, not a site list. Give it to linkage "
        f"audit instead: 'linkage audit {accounts}' audits the accounts it lists. A site list "
        "for --sites is in linkage's own format"
    )
    assert "JSON" not in said
