"""The app's summary of an audit counts the accounts it found and read, and says the links
that could not be followed apart, as the command line does. The app in this process against
the project's fixture server for every platform (``fixtures/all_platforms/sites``), fictional
accounts.

Before, the page said "Read 2 of 2 accounts and found 9 more from their links" of nine
addresses none of which could be read: read as nine more accounts of the person's."""

from __future__ import annotations

import re
from pathlib import Path

from linkage.app.server import Settings
from linkage.demo import FixtureServer
from tests.app.conftest import serving
from tests.app.test_routes import run_to_the_end
from tests.test_collect_all_platforms import SITES


def test_the_summary_says_links_not_followed_not_accounts_found(tmp_path: Path) -> None:
    with FixtureServer(SITES) as site:
        settings = Settings(
            data_dir=tmp_path / "data", endpoints=[f"*={site.url}"], cache_dir=tmp_path / "cache"
        )
        with serving(settings) as running:
            session = running.session()
            for text, persona in (("github:alex-example", "professional"),
                                  ("reddit:quiet_reader", "personal")):  # fmt: skip
                added = running.post(session, "/api/accounts/add",
                                     json={"text": text, "persona": persona})  # fmt: skip
                assert added.status_code == 200, added.text
            assert run_to_the_end(running, session) == "done"
            summary = session.get(running.base + "/api/run", timeout=10).json()["summary"]
    assert re.match(r"Read 2 of 2 accounts in \d+ s\. ", summary), summary
    assert "more from their links" not in summary
    unfollowed = re.search(
        r" (\d+) links in your profiles could not be followed: the report lists them\.", summary
    )
    assert unfollowed is not None and int(unfollowed.group(1)) >= 2, summary
