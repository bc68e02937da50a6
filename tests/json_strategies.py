"""Hypothesis strategies for the property tests of readers of JSON answers: any JSON value,
nested a little, as a platform's answer may hold anywhere a reader expects something else."""

from __future__ import annotations

from hypothesis import strategies as st


def json_values(text_size: int = 40, max_leaves: int = 12) -> st.SearchStrategy:
    """Any JSON value: null, booleans, numbers, short strings, and lists and objects of them."""
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False)
        | st.text(max_size=text_size)
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
        ),
        max_leaves=max_leaves,
    )
