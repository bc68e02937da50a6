"""The app's demo: the fictional personas' audit, read from the demo's own local pages."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from linkage.pipeline import Audit, AuditEvents, AuditOptions


def run_demo_audit(events: AuditEvents) -> Audit:
    """The demo: the fictional personas, served by the demo's local fixture server."""
    from collectors.http import HttpConfig
    from linkage import demo
    from linkage.accounts import load_accounts
    from linkage.errors import InputError
    from linkage.pipeline import audit

    accounts_file = demo.DEMO_DIR / "accounts.toml"
    if not accounts_file.is_file():
        raise InputError("The demo's data is missing from this installation of linkage.")
    accounts = load_accounts(accounts_file)
    cache = Path(tempfile.mkdtemp(prefix="linkage-app-demo-"))
    try:
        with demo.FixtureServer(demo.DEMO_DIR / "sites") as server:
            config = HttpConfig(
                cache_dir=cache,
                endpoints={"*": server.url},
                min_interval=0.0,
                max_retries=0,
                host_settings=False,
            )
            options = AuditOptions(http=config, env={}, keep_history=False)  # fictional people
            return audit(accounts.accounts, options, events, owner=accounts.owner)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
