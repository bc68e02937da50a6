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

#: browsers that run inside the terminal: started by the app, they would take over the terminal
#: the app is running in (and its Ctrl-C), so the person is shown the address instead
TEXT_BROWSERS = frozenset({"lynx", "w3m", "links", "links2", "elinks", "www-browser", "browsh"})


def _browser() -> webbrowser.BaseBrowser | None:
    """The browser to open the app in, started in the background; None when there is none,
    or only a browser that runs in the terminal."""
    try:
        chosen = webbrowser.get()
    except webbrowser.Error:  # none found
        return None
    if type(chosen) is webbrowser.GenericBrowser:  # started and waited for
        if Path(chosen.name).name in TEXT_BROWSERS:
            return None
        # a command of the person's own (BROWSER=...): started without waiting for it to close
        return webbrowser.BackgroundBrowser([chosen.name, *chosen.args])
    return chosen


def open_privately(url: str) -> Path | None:
    """Open ``url`` in the browser through an owner-only page that goes on to it: the
    browser's command line, which every user of the computer can read, then names that
    file, not the secret address. The folder holding it (to delete when the app stops), or
    None when no browser could be started (no display, none installed, or only one that
    runs in the terminal): the person opens the address themselves."""
    browser = _browser()
    if browser is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="linkage-app-"))  # owner-only
    page = folder / "open.html"
    address = html.escape(url, quote=True)
    with open_private(page) as out:
        out.write(
            f'<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>linkage app</title>'
            f'<meta http-equiv="refresh" content="0;url={address}">'
            f'<p><a href="{address}">Open linkage app</a></p></html>\n'
        )
    if browser.open(page.as_uri()):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    return None
