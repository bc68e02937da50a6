"""Fixtures for the archive importer tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from collectors.base import CollectContext
from tests.collectors.archives.layouts import Builder


@pytest.fixture
def build(tmp_path: Path) -> Builder:
    return Builder(tmp_path)


@pytest.fixture
def ctx(make_ctx: Callable[..., CollectContext]) -> CollectContext:
    return make_ctx()
