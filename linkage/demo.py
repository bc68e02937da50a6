"""The built-in demo: a fictional person's accounts, served from package data by a local server.

The real collectors fetch the fixture pages through the contract's endpoint override (every
host is mapped to the local server), so the demo exercises the same code as a real audit and
sends nothing off this machine.

The story: Morag Finlay (``linkage/demo_data/accounts.toml``) keeps a professional and a
personal side that she believes are apart; the audit shows the chain that joins them, and
``after=True`` applies the changes it proposes and audits again, so a trainer can show the
report before and after. ``tomasz.toml`` is a second person, for contrast, in a report of his
own; one of his accounts is suspended, so his audit is incomplete.

Data layout (package data, so the demo runs from an installed wheel in any folder):
``linkage/demo_data/PERSON.toml`` (one person's accounts) and
``linkage/demo_data/sites/HOST/...`` (what each host answers). A request for ``/a/b`` on ``HOST``
is answered from the first of ``HOST/a/b``, ``HOST/a/b.json``, ``HOST/a/b.html``,
``HOST/a/b/index.html`` that exists; ``HOST/routes.toml`` may map paths with query
parameters to files (``[[route]] path = "/x", query = {k = "v"}, file = "y.json"``).
"""

from __future__ import annotations

import mimetypes
import os
import secrets
import tempfile
import threading
import tomllib
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from linkage.errors import InputError
from linkage.evidence.analysis import Analysis

if TYPE_CHECKING:
    from linkage.history_since import SinceLast

DEMO_DIR = Path(os.environ.get("LINKAGE_DEMO_DIR", Path(__file__).resolve().parent / "demo_data"))
#: The demo's people: the story (the default) and a second person for contrast.
PEOPLE = {"morag": "accounts.toml", "tomasz": "tomasz.toml"}
#: What the report says about each demo, for a trainer to tell (before, after); "{then}" is
#: where the trainer goes next, said as the command line or the app says it (:data:`NEXT`).
STORIES = {
    "morag": (
        "Morag Finlay is invented, and so are all of her accounts and pages. She keeps a "
        "professional side (a work blog and a work GitHub account) and a personal side (knitting "
        'accounts on Mastodon and Reddit, as "Mo"), and believes the two are kept apart. Follow '
        "the chains above from her personal accounts to her professional ones: one through a "
        "link she verified herself, one through an old pattern page she had forgotten. Then "
        "{then} to see her report once the changes this report proposes are made.",
        "Morag Finlay is invented, and so are all of her accounts and pages. This is her report "
        "after the changes her first audit proposed (see 'What to change' in {before}). 'Since "
        "the audit before the changes', below, gives each chain between her sides before and "
        "after: none is now strong enough for a searcher to be sure.",
    ),
    "tomasz": (
        "Tomasz Wren is invented, and so are all of his accounts and pages. His personal website "
        "and his work Keybase account link to each other, so everything else follows. One of his "
        "accounts was suspended, so his audit is incomplete: see the warning at the top.",
        "Tomasz Wren is invented, and so are all of his accounts and pages. This is his report "
        "after the changes his first audit proposed; 'Since the audit before the changes', "
        "below, gives each chain between his sides before and after.",
    ),
}
#: How the stories send a trainer on: on the command line, and in ``linkage app``.
NEXT = {
    False: {"then": "run linkage demo --after", "before": "the report before, linkage demo"},
    True: {
        "then": 'choose "Show the demo after its changes", above the report,',
        "before": "the demo's report before them",
    },
}


def story(person: str = "morag", after: bool = False, *, app: bool = False) -> str:
    """The note a demo report opens with: who this invented person is, and what to look at
    (``app``: the next step as ``linkage app`` offers it)."""
    return STORIES[person][1 if after else 0].format(**NEXT[app])


_TYPES = {
    ".json": "application/json",
    ".atom": "application/atom+xml",
    ".rss": "application/rss+xml",
    ".xml": "application/xml",
    ".html": "text/html; charset=utf-8",
}


class FixtureHandler(BaseHTTPRequestHandler):
    """Answers GET requests from the fixture tree, by Host header and path."""

    server_version = "linkage-demo"

    def __init__(self, *args, root: Path, **kwargs) -> None:
        self.root = root
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args) -> None:
        pass

    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        file = resolve(self.root, host, path, parse_qs(parts.query))
        if file is None:
            self._send(404, b'{"error": "Not Found", "message": "Not Found"}', "application/json")
            return
        content_type = (
            _TYPES.get(file.suffix)
            or mimetypes.guess_type(file.name)[0]
            or "application/octet-stream"
        )
        self._send(200, file.read_bytes(), content_type)

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def resolve(root: Path, host: str, path: str, query: dict[str, list[str]]) -> Path | None:
    """The fixture file that answers ``host`` + ``path`` + ``query``, or None."""
    base = (root / host).resolve()
    if not base.is_dir() or not base.is_relative_to(root.resolve()):
        return None
    routes = base / "routes.toml"
    if routes.is_file():
        for route in tomllib.loads(routes.read_text("utf-8")).get("route", []):
            if route.get("path") != path:
                continue
            wanted = route.get("query", {})
            if all(str(v) in query.get(k, []) for k, v in wanted.items()):
                return _inside(base, route["file"])
    relative = path.strip("/")
    candidates = (
        [relative, f"{relative}.json", f"{relative}.html", f"{relative}/index.html"]
        if relative
        else ["index.html"]
    )
    for candidate in candidates:
        found = _inside(base, candidate)
        if found is not None:
            return found
    return None


def _inside(base: Path, relative: str) -> Path | None:
    candidate = (base / relative).resolve()
    if candidate.is_file() and candidate.is_relative_to(base):
        return candidate
    return None


class FixtureServer:
    """A local HTTP server over a fixture tree, on 127.0.0.1 and a free port."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(FixtureHandler, root=root))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FixtureServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def run_demo(
    *,
    quiet: bool = False,
    demo_dir: Path = DEMO_DIR,
    person: str = "morag",
    after: bool = False,
    redact: bool = False,
) -> Analysis:
    """Collect one fictional person's accounts from the local fixture server, link and
    analyse them; with ``after``, make the changes the analysis proposes and analyse again;
    ``redact``: the progress lines name no account (as ``linkage audit --redact``)."""
    return run_demo_compared(
        quiet=quiet, demo_dir=demo_dir, person=person, after=after, redact=redact
    )[0]


def demo_owner(person: str, demo_dir: Path = DEMO_DIR) -> str:
    """The demo person's name as its accounts file gives it ("Morag Finlay (a fictional
    person)")."""
    from linkage.accounts import load_accounts

    return load_accounts(demo_dir / PEOPLE[person]).owner or "a fictional person"


def run_demo_compared(
    *,
    quiet: bool = False,
    demo_dir: Path = DEMO_DIR,
    person: str = "morag",
    after: bool = False,
    redact: bool = False,
) -> tuple[Analysis, SinceLast | None]:
    """:func:`run_demo`, and with ``after`` what changed from the audit before the changes to
    the one after, chain by chain (as "since your last audit" says it; None without
    ``after``): what a trainer shows, in one report. Nothing is kept."""
    from collectors.http import HttpConfig
    from linkage.accounts import load_accounts
    from linkage.cli.progress import TerminalEvents
    from linkage.pipeline import AuditOptions, audit

    if person not in PEOPLE:
        raise InputError(f"The demo has no person called '{person}': choose {' or '.join(PEOPLE)}.")
    accounts_file = demo_dir / PEOPLE[person]
    if not accounts_file.is_file():
        raise InputError(f"The demo data is missing ({accounts_file}): reinstall linkage.")
    accounts = load_accounts(accounts_file)
    with (
        FixtureServer(demo_dir / "sites") as server,
        tempfile.TemporaryDirectory(prefix="linkage-demo-") as cache,
    ):
        # a local server: no per-platform pacing (real runs keep it)
        config = HttpConfig(
            cache_dir=Path(cache),
            endpoints={"*": server.url},
            min_interval=0.0,
            max_retries=0,
            host_settings=False,
        )
        options = AuditOptions(http=config, env={}, keep_history=False)  # fictional people
        with TerminalEvents(
            len(accounts.accounts),
            quiet=quiet,
            redact=redact,
            sides=(a.persona for a in accounts.accounts),
        ) as events:
            analysis = audit(accounts.accounts, options, events, owner=accounts.owner).analysis
    made = changes_made(analysis, accounts.owner) if after else None
    return made if made is not None else (analysis, None)


def changes_made(analysis: Analysis, owner: str | None) -> tuple[Analysis, SinceLast] | None:
    """The same accounts once the changes ``analysis`` proposes are made, analysed again, and
    what that changed chain by chain; None when it proposes no change. Nothing is kept."""
    from linkage.evidence.analysis import analyse
    from linkage.evidence.changes import apply_changes
    from linkage.history import record
    from linkage.history_since import since_last

    if not (analysis.remediation and analysis.remediation.changes):
        return None
    changes = [chosen.change for chosen in analysis.remediation.changes]
    changed = analyse(apply_changes(analysis.profiles, changes), owner=owner)
    key = secrets.token_bytes(32)  # the two records' own: the demo keeps nothing
    return changed, since_last(record(analysis, key=key), record(changed, key=key))
