"""``--csv DIR``: tables a spreadsheet opens without running what profiles say."""

from __future__ import annotations

import csv
from pathlib import Path

from linkage.evidence.analysis import analyse
from reports.tables import write_tables
from tests.reports.conftest import account


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8-sig", newline="")))


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(tmp_path: Path):
    profiles = [
        account("github:wren-h", "professional", display_name='=HYPERLINK("http://x.example")'),
        account("reddit:fell_moth", "personal", display_name="+cmd|' /C calc'!A0"),
        account("mastodon:kendal_w", "personal", display_name="-2+3", location="@SUM(1)"),
    ]
    profiles_csv, links_csv = write_tables(tmp_path, analyse(profiles))
    by_id = {row["id"]: row for row in _rows(profiles_csv)}
    assert by_id["github:wren-h"]["display_name"] == '\'=HYPERLINK("http://x.example")'
    assert by_id["reddit:fell_moth"]["display_name"].startswith("'+cmd")
    assert by_id["mastodon:kendal_w"]["display_name"] == "'-2+3"
    assert by_id["mastodon:kendal_w"]["location"] == "'@SUM(1)"
    for row in _rows(links_csv):  # numbers stay numbers, negative ones too
        assert not row["match_weight"].startswith("'")
        float(row["match_weight"])


def test_a_redacted_table_gives_a_failure_by_its_kind_only(tmp_path: Path):
    """A failure written by another tool ("Zoe Quill secret failure", no "kind:" before
    it) kept its whole text in the redacted table."""
    profiles = [
        account("github:wren-h", "professional"),
        account("reddit:fell_moth", "personal", error="Wren Hollis failed ZEBRAWORD"),
    ]
    profiles_csv, _ = write_tables(tmp_path, analyse(profiles), redact=True)
    text = profiles_csv.read_text()
    assert "ZEBRAWORD" not in text and "Wren" not in text
    # not even its kind: a kind (suspended, deleted) may say something of the person
    assert {row["status"] for row in _rows(profiles_csv)} == {"ok", "not read"}


def test_the_links_table_has_the_columns_of_linkage_link(tmp_path: Path):
    """`--csv` wrote only the signals that found something (``crosslink,display_name,…``),
    so its columns changed from run to run and differed from `linkage link`'s table."""
    from linkage.evidence.linking import link_profiles, signal_names, write_links

    profiles = [
        account("github:wren-h", "professional", display_name="Wren Hollis"),
        account("reddit:fell_moth", "personal", display_name="Wren Hollis"),
    ]
    _, links_csv = write_tables(tmp_path, analyse(profiles))
    write_links(tmp_path / "link.csv", link_profiles(profiles, min_probability=0.0))
    header = links_csv.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[:4] == ["a", "b", "probability", "match_weight"]
    assert header[4 : 4 + len(signal_names())] == signal_names()
    assert header == (tmp_path / "link.csv").read_text(encoding="utf-8").splitlines()[0].split(",")


def test_a_table_opens_in_a_spreadsheet_as_utf8(tmp_path: Path):
    """Without a byte-order mark, Excel read the tables in the computer's own code page: an
    Arabic or Cyrillic name came out as gibberish. linkage reads its own tables back."""
    from linkage.evidence.linking import link_profiles, read_link_table, write_links

    profiles = [
        account("github:salma-nasser", "professional", display_name="سلمى ناصر"),
        account("reddit:tihiy_rybak", "personal", display_name="Дмитрий Соколов"),
    ]
    written = write_tables(tmp_path, analyse(profiles))
    links = tmp_path / "links-of-link.csv"
    write_links(links, link_profiles(profiles, min_probability=0.0))
    for path in written:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path.name
    # the links file of `linkage link` is the contract's, read by scripts by its header: a
    # byte-order mark hid its first column, "a", from csv.DictReader (as the scoring scripts
    # and the engine's own benchmark read it)
    assert links.read_bytes().startswith(b"a,b,probability,match_weight,")
    with links.open(newline="") as plain:
        assert [row["a"] for row in csv.DictReader(plain)] == ["github:salma-nasser"]
    names = {row["display_name"] for row in _rows(written[0])}
    assert names == {"سلمى ناصر", "Дмитрий Соколов"}
    assert {(k.a, k.b) for k in read_link_table(links)} == {
        ("github:salma-nasser", "reddit:tihiy_rybak")
    }
