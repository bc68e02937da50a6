"""The ``linkage`` command line: parsing and printing only; the work is :mod:`linkage.pipeline`."""

from linkage.cli.app import app, main

__all__ = ["app", "main"]
