"""The demo's audits, run once a test process and shared by the tests that only read them:
each takes seconds (its plan is proven least disruptive by the exact search), and a dozen
test files read the same three. A test must not change what it is given; one that needs a
changed analysis changes a copy (``copy.copy`` and a new attribute)."""

from __future__ import annotations

import functools

from linkage.demo import run_demo
from linkage.evidence.analysis import Analysis


@functools.cache
def morag() -> Analysis:
    """Morag's story, the demo's default person."""
    return run_demo(quiet=True)


@functools.cache
def morag_after() -> Analysis:
    """Morag's audit with the changes her plan proposes made."""
    return run_demo(quiet=True, after=True)


@functools.cache
def tomasz() -> Analysis:
    """Tomasz's incomplete audit (one of his accounts is suspended)."""
    return run_demo(quiet=True, person="tomasz")
