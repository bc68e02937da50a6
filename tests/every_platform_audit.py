"""The audit of every platform's account (``fixtures/all_platforms``), run as a person runs it:
``linkage audit accounts.toml -o good.html --json good.json`` through the command line, against
the project's own fixture server (``linkage.demo.FixtureServer``), with private data and cache
folders. Its listed accounts (14 as written) are all read; their profiles link to more (28),
most of which (23) answer "not found" (5 are on X or LinkedIn, which are never fetched): none
of them is read, so none is an account found, only links that could not be followed. The
tests take the counts from the audit's own record, so that an account added to the fixtures
does not break them, and check that there are many. Shared by the command-line and browser
tests of what it says."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from linkage.cli import app
from linkage.demo import FixtureServer

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "all_platforms"
#: Variables that would change what the collectors request (tokens switch hosts or headers).
ENVIRONMENT = ("LINKAGE_ENDPOINTS", "GITHUB_TOKEN", "REDDIT_TOKEN", "GRAVATAR_API_KEY")


@dataclass
class Audited:
    code: int
    output: str  # the progress lines (stderr) and the summary, as the test runner mixes them
    report: Path
    record: dict[str, Any]

    @property
    def listed(self) -> int:
        """How many accounts the accounts file lists."""
        return len(tomllib.loads((ROOT / "accounts.toml").read_text())["account"])

    @property
    def found(self) -> int:
        """How many more the audit found through their links."""
        return len(self.record["accounts"]) - self.listed

    @property
    def unread(self) -> int:
        """How many could not be read (all found ones: every listed account is read)."""
        return len(self.record["unseen"])

    @property
    def found_read(self) -> int:
        """How many of the found ones were read: the accounts found, as against the links in
        the profiles that could not be followed."""
        return self.found - self.unread


def audit_every_platform(tmp: Path, *more: str) -> Audited:
    """Run the audit into ``tmp`` (its report ``good.html``, its analysis ``good.json``), with
    ``more`` options."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ENVIRONMENT:
            patch.delenv(name, raising=False)
        patch.setenv("LINKAGE_DATA_DIR", str(tmp / "data"))
        patch.setenv("XDG_CACHE_HOME", str(tmp / "cache"))
        with FixtureServer(ROOT / "sites") as server:
            args = ["audit", str(ROOT / "accounts.toml"), "-o", str(tmp / "good.html")]
            args += ["--json", str(tmp / "good.json"), "--endpoint", f"*={server.url}", *more]
            result = CliRunner().invoke(app, args)
    record = tmp / "good.json"
    return Audited(
        result.exit_code,
        result.output,
        tmp / "good.html",
        json.loads(record.read_text(encoding="utf-8")) if record.exists() else {},
    )
