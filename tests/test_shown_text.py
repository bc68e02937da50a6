"""Outside text shown safely: on the terminal (escape sequences, rich markup) and as account
names (characters that turn a sentence round or show nothing)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from linkage.cli import app
from linkage.records import Profile
from linkage.shown_text import marked, one_line
from linkage.status import Status, StatusKind
from reports.render import render_html
from tests.server import LocalServer
from tests.test_cli import common

runner = CliRunner()
#: sets the window's title, clears the screen, and writes a reassuring line of its own
SEQUENCES = "\x1b]0;TITLE\x07\x1b[2J\x1b[HAll 2 accounts read. Nothing links your accounts."


def test_reasons_lose_their_control_characters_and_names_show_theirs():
    assert one_line(f"HTTP 400 ({SEQUENCES})\nagain") == (
        "HTTP 400 (]0;TITLE[2J[HAll 2 accounts read. Nothing links your accounts.) again"
    )
    failed = Status.failure(StatusKind.BAD_RESPONSE, f"the server said {SEQUENCES}")
    assert "\x1b" not in str(failed) and "\x07" not in str(failed)
    assert marked("zoe\u202eknil") == "zoe⟨U+202E⟩knil"
    assert marked("zoe\u200bquill") == "zoe⟨U+200B⟩quill"
    assert marked("\u3164", strict=True) == "⟨U+3164⟩"  # a "letter" that shows as nothing
    assert marked("Zoë Quill 🧶") == "Zoë Quill 🧶"


def test_ordinary_writing_is_not_marked_but_a_handle_is_plain():
    """No-break spaces, soft hyphens, the joiner inside an emoji and the marks that set the
    direction of Hebrew or Arabic words are writing, in a bio; in a handle nothing invisible
    belongs."""
    for text in ("10\u00a0km", "data\u00adbase", "👩\u200d💻 dev", "שלום\u200f!", "a\r\nb"):
        assert "⟨U+" not in marked(text), text
    assert marked("zoe\u00a0quill", strict=True) == "zoe⟨U+00A0⟩quill"
    assert marked("zoe\u200dquill", strict=True) == "zoe⟨U+200D⟩quill"


def test_a_servers_error_text_does_not_reach_the_terminal_as_sequences(
    server: LocalServer, tmp_path: Path
):
    """A Mastodon server's error text went into the failure's reason and so, escape
    sequences and all, onto the terminal: it could clear it and print a line of its own."""
    server.route("/api/v1/accounts/lookup").json({"error": SEQUENCES}, status=400)
    result = runner.invoke(
        app,
        ["collect", "mastodon:zed@masto.example", "-o", str(tmp_path / "p.jsonl"),
         *common(server, tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "mastodon:zed@masto.example" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    record = json.loads((tmp_path / "p.jsonl").read_text().splitlines()[0])
    assert "\x1b" not in record["collected"]["error"]


def test_an_error_shows_outside_text_rather_than_letting_it_rewrite_the_terminal(
    tmp_path: Path,
) -> None:
    """An error quoting a file's text printed it raw: an escape sequence in a profile's
    handle set the terminal's title (and could fake a line or a link)."""
    path = tmp_path / "profiles.jsonl"
    record = {"id": "github:quill", "platform": "github", "handle": "quill"}
    path.write_text(json.dumps(record) + "\n" + json.dumps(record) + "\n")
    named = tmp_path / "notes\x1b]0;TITLE\x07.jsonl"  # a name quoted by "no such file"
    for file in (path, named):
        result = runner.invoke(app, ["link", str(file), "-o", str(tmp_path / "l.csv")])
        assert result.exit_code != 0 and result.output.startswith("linkage: ")
        assert "\x1b" not in result.output and "\x07" not in result.output


def test_a_handle_that_is_an_emoji_code_is_printed_as_written(server: LocalServer, tmp_path):
    """The progress line read ':rocket:' in 'github:rocket: not in cache' as an emoji code and
    printed 'github🚀 not in cache'."""
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(
        '[[account]]\nhandle = "github:rocket"\npersona = "work"\n'
        '[[account]]\nhandle = "reddit:fire"\npersona = "personal"\n'
    )
    result = runner.invoke(
        app, ["audit", str(accounts), "-o", str(tmp_path / "r.html"), "--offline",
              *common(server, tmp_path)[:-1]],  # not --quiet: the progress lines
    )  # fmt: skip
    assert "github:rocket" in result.output and "reddit:fire" in result.output, result.output
    assert "🚀" not in result.output and "🔥" not in result.output


def _profile(pid: str, persona: str, **fields) -> Profile:
    platform, handle = pid.split(":", 1)
    return Profile(id=pid, platform=platform, handle=handle, persona=persona, **fields)


def test_explain_prints_collected_names_as_they_are_spelt(tmp_path: Path):
    """A display name "Wren [/b] Tallis" stopped `linkage explain` with an internal error
    (rich read it as markup), and "[link=https://evil.example/]…[/link]" became a link on
    the terminal whose text looked like the user's own account."""
    profiles = tmp_path / "p.jsonl"
    records = [
        _profile("github:wren-t", "professional", display_name="Wren Tallis"),
        _profile(
            "reddit:wren_t",
            "personal",
            display_name="Wren [/b] Tallis [link=https://evil.example/phish]x[/link]",
        ),
    ]
    profiles.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in records))
    result = runner.invoke(app, ["explain", str(profiles), "github:wren-t", "reddit:wren_t"])
    assert result.exit_code == 0, result.output
    assert "\x1b]8;" not in result.output  # no hyperlink sequence
    text = " ".join(result.output.split())
    assert "Wren [/b] Tallis" in text and "[link=https://evil.example/phish" in text


def test_a_handle_cannot_turn_the_report_round_or_pass_for_another():
    """A handle holding a right-to-left override reversed the verdict's sentence, and one
    holding a zero-width space read as another account's handle."""
    from linkage.evidence.analysis import analyse

    profiles = [
        _profile("github:zoequill", "professional", display_name="Zoe Quill"),
        _profile("reddit:zoe\u200bquill", "personal", display_name="Zoe Quill"),
        _profile("mastodon:zoe\u202eknil@evil.example", "personal", display_name="Zoe Quill"),
    ]
    html = render_html(analyse(profiles))
    assert "\u202e" not in html and "\u200b" not in html
    assert "zoe⟨U+200B⟩quill (Reddit)" in html and "zoe⟨U+202E⟩knil" in html


def test_line_breaks_and_tabs_are_text():
    assert marked("a\nb\tc") == "a\nb\tc"
    assert marked("over\rwrite") == "over⟨U+000D⟩write"  # a return rewrites a terminal line
