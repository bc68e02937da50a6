"""Username variants for --variants."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from collectors.sweep.variants import expand, variants


def test_separator_and_case_variants():
    assert variants("alex.example") == [
        "alex.example",
        "alexexample",
        "alex_example",
        "alex-example",
    ]
    got = variants("AlexExample")
    assert got[0] == "AlexExample"
    assert {"alexexample", "alex.example", "alex_example", "alex-example"} <= set(got)


def test_trailing_digits_dropped_only_when_enough_remains():
    assert "alex_example" in variants("alex_example1987")
    assert variants("bob12") == ["bob12"]


def test_expand_keeps_order_and_drops_duplicates():
    assert expand(["a.b", "a_b"], with_variants=False) == ["a.b", "a_b"]
    both = expand(["a.b", "a_b"], with_variants=True)
    assert both[0] == "a.b" and len(both) == len(set(both)) and "a_b" in both


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_the_name_itself_comes_first_and_the_list_is_bounded(name):
    got = variants(name)
    assert got[0] == name and len(got) <= 8 and len(got) == len(set(got)) and all(got)
