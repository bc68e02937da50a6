"""Lookups in the shipped sorted reference tables (linkage.signals.sorted_table)."""

from __future__ import annotations

import gzip
import math
from pathlib import Path

import pytest

from linkage.signals import names_model
from linkage.signals.sorted_table import SortedTable, UnsortedTable

DATA = Path(names_model.__file__).resolve().parent.parent / "data"
TABLES = ["names_first.tsv", "names_words.tsv.gz"]


def _as_dict(path: Path) -> dict[str, str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return dict(line.rstrip("\n").split("\t", 1) for line in handle if line[0] != "#")


@pytest.mark.parametrize("name", TABLES)
def test_shipped_tables_are_sorted_and_answer_as_a_dict_would(name: str) -> None:
    table = SortedTable.read(DATA / name)
    table.check_sorted()
    expected = _as_dict(DATA / name)
    assert len(table) == len(expected)
    for key in list(expected)[::97]:
        assert table.get(key) == expected[key] and key in table
    for missing in ("", "zzzzqqqq", "ünknöwn-wörd", "a\tb"):
        assert table.get(missing) is None and missing not in table
    assert dict(table.items()) == expected


def test_header_lines_are_skipped_and_non_ascii_keys_order_as_python_sorts() -> None:
    keys = sorted(["zoë", "zoe", "åsa", "anna", "ångström", "émile"])
    body = "".join(f"{k}\t{i}\n" for i, k in enumerate(keys))
    table = SortedTable(("# a header\n# another\n" + body).encode("utf-8"))
    table.check_sorted()
    assert [k for k, _ in table.items()] == keys
    assert table.get("zoë") == str(keys.index("zoë"))
    assert table.numbers().tolist() == [float(i) for i in range(len(keys))]


def test_span_covers_exactly_the_keys_with_a_prefix() -> None:
    table = SortedTable(b"ann\t1\nanna\t2\nannabel\t3\nannie\t4\nanton\t5\nbo\t6\n")
    assert table.span("anna") == (1, 3)
    assert table.span("an") == (0, 5)
    assert table.span("zz") == (6, 6)
    assert table.key_at(1) == "anna"


def test_last_line_without_newline_and_empty_table() -> None:
    assert SortedTable(b"a\t1\nb\t2").get("b") == "2"
    empty = SortedTable(b"")
    assert len(empty) == 0 and empty.get("a") is None and empty.span("a") == (0, 0)


def test_out_of_order_and_malformed_files_are_refused() -> None:
    with pytest.raises(UnsortedTable):
        SortedTable(b"b\t1\na\t2\n").check_sorted()
    with pytest.raises(ValueError):
        SortedTable(b"no tab here\nb\t2\n")


def test_name_prefix_and_initial_shares_agree_with_a_direct_sum() -> None:
    reference = names_model.reference()
    shares = {name: 2.0 ** -float(bits) for name, bits in reference.first.items()}
    total = sum(shares.values())
    for prefix in ("mar", "chri", "alexa", "zzq"):
        found = sum(v for n, v in shares.items() if n.startswith(prefix) and len(n) > len(prefix))
        expected = None if found == 0 else -math.log2(found / total)
        got = reference.prefix_bits(prefix)
        assert (got is None) == (expected is None)
        if got is not None:
            assert got == pytest.approx(expected, abs=1e-9)
    assert reference.prefix_bits("ma") is None  # only 3 to 5 letters
    s_share = sum(v for n, v in shares.items() if n.startswith("s"))
    expected_s = min(7.0, -math.log2(s_share / total))
    assert reference.initial_bits("s") == pytest.approx(expected_s)
    assert reference.initial_bits("") == 6.0


def test_many_lookups_switch_to_a_dictionary_with_the_same_answers(monkeypatch) -> None:
    from linkage.signals import sorted_table

    monkeypatch.setattr(sorted_table, "DICT_AFTER", 3)
    table = SortedTable(b"# header\nann\t1\nbo\t2\ncy\t3\n")
    answers = [table.get(k) for k in ("ann", "bo", "zz", "cy", "ann", "zz")]
    assert answers == ["1", "2", None, "3", "1", None]
    assert table._dict == {"ann": "1", "bo": "2", "cy": "3"}
    assert "bo" in table and "zz" not in table


def test_the_name_model_reads_the_dictionary_directly_once_built(monkeypatch) -> None:
    from linkage.signals import sorted_table

    monkeypatch.setattr(sorted_table, "DICT_AFTER", 2)
    ref = names_model.Reference(
        first_table=SortedTable(b"ann\t9.0\nbo\t8.0\n"),
        words_table=SortedTable(b"cat\t4.1\n"),
        charlm=names_model.np.zeros((27, 27, 27, 27), dtype=names_model.np.uint8),
    )
    assert isinstance(ref.first, SortedTable)
    assert [ref.first.get(k) for k in ("ann", "bo", "ann")] == ["9.0", "8.0", "9.0"]
    assert ref.first == {"ann": "9.0", "bo": "8.0"}  # now the dictionary itself
    assert ref.prefix_bits("ann") is None and ref.initial_bits("a") == pytest.approx(
        -math.log2(2**-9 / (2**-9 + 2**-8))
    )
