"""A profile's link to an X or LinkedIn profile, end to end through the command line.

linkage reads X and LinkedIn only from the data export their owner downloads, so such a link
was dropped: neither counted nor mentioned, in the report, the terminal or the analysis
record. An outsider can follow it, so it is an account the audit found and could not read,
listed with the links not followed, with why and what to do; it is never fetched (every host
is mapped to the test server, which would see the request). An account listed as its export
is not found again; an X address that is nobody's profile (a share button) is no account.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

from typer.testing import CliRunner

from linkage.cli import app
from tests.collectors.archives.layouts import Builder, x_layout
from tests.server import NOT_FOUND
from tests.test_cli import accounts_file, serve_github_user

runner = CliRunner()

#: what the report and the record say of the X account found (the report, without the
#: record's closing full stop)
WHY = (
    "X shows its profiles only to visitors who sign in, so linkage cannot read it from the "
    'web; if it is yours, add its X data export to the accounts file (archive = "PATH": the '
    "file X lets its owner download from its settings)"
)
#: the X and LinkedIn hosts, which the audit may not touch
FORBIDDEN = ("x.com", "twitter.com", "linkedin.com")


def _audit(server, tmp_path: Path, *more: str) -> tuple[int, str, Path]:
    """A GitHub account on each side; the personal one's bio links to an X account nobody
    listed, to the listed X export's own account (spelt on twitter.com), to a share button and
    to a LinkedIn company page. Returns the exit code, the output and the report written."""
    server.unrouted = NOT_FOUND  # every address no route answers: "not found"
    (tmp_path / "exports").mkdir()
    Builder(tmp_path / "exports").zip("twitter.zip", x_layout())  # x:alex_example
    bio = (
        "Yarn. https://x.com/knit_wren https://twitter.com/Alex_Example "
        "https://x.com/intent/tweet?text=hi https://www.linkedin.com/company/acme-maps/"
    )
    serve_github_user(server, "secret-knitter", bio=bio)
    serve_github_user(server, "SecretKnitter-work")
    accounts = accounts_file(
        tmp_path,
        '[[account]]\nhandle = "github:secret-knitter"\npersona = "personal"\n'
        '[[account]]\nhandle = "github:SecretKnitter-work"\npersona = "professional"\n'
        '[[account]]\narchive = "exports/twitter.zip"\npersona = "personal"\n',
    )
    report = tmp_path / ("shared.html" if "--redact" in more else "report.html")
    args = ["audit", str(accounts), "-o", str(report), "--endpoint", f"*={server.url}"]
    result = runner.invoke(app, [*args, "--cache-dir", str(tmp_path / "cache"), *more])
    assert not [r for r in server.requests if r.host.split(":")[0].endswith(FORBIDDEN)]
    assert not any("knit_wren" in r.path or "acme-maps" in r.path for r in server.requests)
    return result.exit_code, result.output, report


def _unfollowed(report: Path) -> str:
    html = report.read_text(encoding="utf-8").replace("<wbr>", "")
    section = html[html.index('<section id="unfollowed"') :].split("</section>", 1)[0]
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", section).split()))


def test_a_link_to_an_x_account_is_listed_as_not_followed_and_never_fetched(server, tmp_path):
    record = tmp_path / "r.json"
    code, output, report = _audit(server, tmp_path, "--json", str(record))
    assert code == 0, output
    # the X account, and the site the X export links to (which answers "not found")
    assert "2 links in your profiles could not be followed: the report lists them." in output
    listed = _unfollowed(report)
    assert f"knit_wren (X) , linked from secret-knitter (GitHub): {WHY}" in listed, listed
    # the listed export's own account (twitter.com/Alex_Example) is not found again
    assert listed.count("(X) ,") == 1 and "Alex_Example" not in listed and "intent" not in listed
    assert "acme" not in listed and "LinkedIn" not in listed
    analysis = json.loads(record.read_text(encoding="utf-8"))
    statuses = {a["id"]: a["status"] for a in analysis["accounts"]}
    assert statuses["x:knit_wren"] == f"refused: {WHY}."
    assert [i for i in statuses if i.startswith("x:")] == ["x:alex_example", "x:knit_wren"]
    assert statuses["x:alex_example"] == "ok"
    assert "x:knit_wren" in analysis["unseen"] and analysis["complete"] is True


def test_a_redacted_audit_counts_the_x_account_without_naming_it_or_why(server, tmp_path):
    record = tmp_path / "shared.json"
    code, output, report = _audit(server, tmp_path, "--redact", "--json", str(record))
    assert code == 0, output
    assert (
        "2 links in the account holder's profiles could not be followed: the report lists them."
        in output
    )
    listed = _unfollowed(report)
    assert re.search(r"\(X\) , linked from personal account [A-Z] \(GitHub\)", listed), listed
    html = report.read_text(encoding="utf-8")
    for value in ("knit_wren", "sign in", "data export to the accounts file", "secret"):
        assert value not in html and value not in output, value
    analysis = json.loads(record.read_text(encoding="utf-8"))
    assert "not read" in [a["status"] for a in analysis["accounts"]]
    assert "knit_wren" not in record.read_text(encoding="utf-8")
