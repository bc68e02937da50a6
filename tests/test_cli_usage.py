"""The command line as a first-time user meets it: its help, and what it says of usage mistakes
(a missing file or argument, a malformed handle or accounts file, a bad option)."""

from __future__ import annotations

from typer.testing import CliRunner

from linkage.cli import app
from tests.test_cli import accounts_file

runner = CliRunner()


def test_help_for_every_command():
    for command in ([], ["demo"], ["audit"], ["collect"], ["link"], ["report"], ["explain"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage" in result.output


def test_bad_handle_is_usage_error_listing_platforms(tmp_path):
    result = runner.invoke(app, ["collect", "myspace:tom", "-o", str(tmp_path / "p.jsonl")])
    assert result.exit_code == 2
    assert "Known platforms:" in result.output and "github" in result.output
    assert "Traceback" not in result.output
    # a known platform with a malformed name lists them too, after what is wrong with it
    result = runner.invoke(app, ["collect", "github:", "-o", str(tmp_path / "p.jsonl")])
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "'' is not a GitHub username" in said and "Known platforms: bluesky, " in said


def test_a_missing_file_says_where_such_a_file_comes_from(tmp_path):
    """ "Missing argument 'ACCOUNTS_FILE'" and "no such accounts file" left a first-time user
    with no idea how to make one."""
    result = runner.invoke(app, ["audit"])
    said = " ".join(result.output.split())
    assert result.exit_code == 2
    assert "Missing argument 'ACCOUNTS_FILE'. No accounts file yet?" in said
    assert "'linkage init accounts.toml'" in said and "'linkage app'" in said
    result = runner.invoke(app, ["report"])
    assert result.exit_code == 2 and "'linkage collect' writes" in " ".join(result.output.split())
    result = runner.invoke(app, ["audit", str(tmp_path / "mine.toml")])
    assert result.exit_code == 2
    assert f"'linkage init {tmp_path / 'mine.toml'}'" in " ".join(result.output.split())


def test_a_missing_accounts_file_beside_one_names_it(tmp_path, monkeypatch):
    """Right after 'linkage init' wrote accounts.toml here and said "Next: linkage audit
    accounts.toml", 'linkage audit' alone answered "No accounts file yet? 'linkage init
    accounts.toml' writes one", which would replace it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "accounts.toml").write_text('[[account]]\nhandle = "github:octocat"\n')
    result = runner.invoke(app, ["audit"], prog_name="linkage")
    said = " ".join(result.output.split())
    assert result.exit_code == 2
    assert "there is one in this folder, so 'linkage audit accounts.toml' uses it" in said
    assert "linkage init" not in said


def test_the_command_list_reads_in_the_order_of_a_first_audit_and_is_not_cut_off():
    """'linkage --help' listed init and app last, and cut their lines off ("which...")."""
    result = runner.invoke(app, ["--help"], terminal_width=80)
    listed = result.output.split("Commands:", 1)[1].strip().splitlines()
    names = [line.split()[0] for line in listed]
    assert names[:4] == ["demo", "init", "app", "audit"]
    assert not any(line.rstrip().endswith("...") for line in listed)
    assert all(len(line) <= 80 for line in result.output.splitlines())
    assert "linkage init accounts.toml" in result.output


def test_collect_takes_a_handle_as_the_app_recognises_it(tmp_path):
    """'@alice@host' is a Mastodon handle in the app and in an accounts file: on the command
    line too (offline here, so it is named and then not found in the cache)."""
    out = tmp_path / "p.jsonl"
    result = runner.invoke(
        app,
        ["collect", "@kendal@knit.example.social", "-o", str(out), "--offline", "-q",
         "--cache-dir", str(tmp_path / "cache")],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "mastodon:kendal@knit.example.social" in result.output


def test_malformed_accounts_file_is_usage_error(tmp_path):
    path = accounts_file(tmp_path, "[[account]\nhandle = 'x'")
    result = runner.invoke(app, ["audit", str(path), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert str(path) in result.output and "each account starts with a line" in result.output


def test_bad_endpoint_option(tmp_path):
    result = runner.invoke(
        app, ["collect", "github:a", "--endpoint", "nonsense", "-o", str(tmp_path / "p.jsonl")]
    )
    assert result.exit_code == 2 and "HOST=BASEURL" in result.output


def test_a_target_below_zero_bits_is_refused(tmp_path):
    """--target-bits -3 was taken: every chain is above it, and nothing could meet it."""
    profiles = tmp_path / "p.jsonl"
    profiles.write_text('{"id": "github:a", "platform": "github", "handle": "a"}\n', "utf-8")
    args = ["report", str(profiles), "--target-bits", "-3", "-o", str(tmp_path / "r.html")]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "--target-bits" in result.output
    assert not (tmp_path / "r.html").exists()


def test_debug_shows_the_traceback_and_keeps_the_exit_code(tmp_path):
    """--debug exited 1 (the code for 'some accounts failed') on bad input, re-raising the
    error; it shows the traceback and exits 2 as without it."""
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_text("not json at all\n", encoding="utf-8")
    args = ["link", str(garbage), "-o", str(tmp_path / "links.csv")]
    plain = CliRunner().invoke(app, args)
    assert plain.exit_code == 2 and "Traceback" not in plain.output
    debugged = CliRunner().invoke(app, [*args, "--debug"])
    assert debugged.exit_code == 2
    assert "Traceback (most recent call last)" in debugged.output
    assert "linkage: " in debugged.output and "garbage.jsonl, line 1" in debugged.output


def test_the_command_lines_defaults_are_the_engines():
    """The command line names its defaults without loading the engine (it starts faster):
    they must stay the engine's own."""
    from linkage.cli.options import TARGET_BITS
    from linkage.evidence.remediation import DEFAULT_TARGET_BITS

    assert TARGET_BITS == DEFAULT_TARGET_BITS


def test_a_refused_value_or_option_is_said_in_plain_words(tmp_path, monkeypatch):
    """Refusals of an option's value came in the framework's words and form ("Usage: …
    Try '… --help' for help. Error: Invalid value for '-o' / '--output': …", "Input should
    be greater than or equal to 0.1", "No such option: --jsn"); every other refusal is one
    line, "linkage: …", saying what to do."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    cases = {
        ("demo", "-o", "folder"): (
            "linkage: -o: 'folder' is a folder: give a file name in it, such as folder/report.html."
        ),
        ("demo", "--output", "report.pdf"): (
            "linkage: --output: the report is an HTML page: name it report.html, and add --pdf "
            "to print a PDF of it beside it."
        ),
        ("sweep", "alex", "--timeout", "0"): (
            "linkage: --timeout takes a number of 0.1 or more, not '0'."
        ),
        ("sweep", "alex", "--timeout=soon"): (
            "linkage: --timeout takes a number of 0.1 or more, not 'soon'."
        ),
        ("app", "--port", "70000"): (
            "linkage: --port takes a whole number from 0 to 65535, not '70000'."
        ),
        ("report", "p.jsonl", "--target-bits", "-3"): (
            "linkage: --target-bits takes a number of 0 or more, not '-3'."
        ),
        ("link", "p.jsonl", "-o", "l.csv", "--min-probability", "2"): (
            "linkage: --min-probability: '2' is not a probability here: give a number from 0 "
            "to 1, such as 0.05, or a percentage, such as 5%."
        ),
        ("init", "folder"): (
            "linkage: 'folder' is a folder: give a file name in it, such as folder/accounts.toml."
        ),
        ("demo", "--jsn", "r.json"): (
            "linkage: linkage demo has no option --jsn. Did you mean --csv, --json or "
            "--person? 'linkage demo --help' lists its options."
        ),
        ("demo", "-o"): (
            "linkage: -o needs a FILE after it. 'linkage demo --help' lists its options, and "
            "what each takes."
        ),
        ("demo", "--redact=yes"): (
            "linkage: --redact takes no value: write --redact alone. 'linkage demo --help' "
            "lists its options, and what each takes."
        ),
        ("audit", "a.toml", "b.toml"): (
            "linkage: linkage audit does not take 'b.toml' as well (a name with spaces in it "
            "is written in quotes). 'linkage audit --help' says what it takes."
        ),
        ("demoo",): (
            "linkage: linkage has no command 'demoo'. Did you mean 'demo'? 'linkage --help' "
            "lists its commands."
        ),
    }
    for args, words in cases.items():
        result = runner.invoke(app, list(args), prog_name="linkage")
        assert result.exit_code == 2, (args, result.output)
        assert " ".join(result.output.split()) == words, args
    assert not any(tmp_path.glob("*.html"))
