"""Opening the app in the browser without putting its secret address where other users of
the computer can read it: a browser started with an address keeps it in its command line,
which every user can list (``ps``). It is opened through an owner-only page that goes on to
the address instead, as notebook servers do."""

from __future__ import annotations

import html
import shutil
import tempfile
import webbrowser
from pathlib import Path

from linkage.record_files import open_private


def open_privately(url: str) -> Path | None:
    """Open ``url`` in the browser through an owner-only page that goes on to it: the
    browser's command line, which every user of the computer can read, then names that
    file, not the secret address. The folder holding it (to delete when the app stops), or
    None when no browser could be started (no display, none installed): the person opens
    the address themselves."""
    folder = Path(tempfile.mkdtemp(prefix="linkage-app-"))  # owner-only
    page = folder / "open.html"
    address = html.escape(url, quote=True)
    with open_private(page) as out:
        out.write(
            f'<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>linkage app</title>'
            f'<meta http-equiv="refresh" content="0;url={address}">'
            f'<p><a href="{address}">Open linkage app</a></p></html>\n'
        )
    if webbrowser.open(page.as_uri()):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    return None
