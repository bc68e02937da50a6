"""The installed ``linkage`` script: starts the command line (:func:`linkage.cli.app.main`).

Loading the command line takes a second or so; Ctrl-C pressed meanwhile would otherwise print
Python's own traceback, before the command line's handling of Ctrl-C is in place."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from linkage.cli.app import main as run
    except KeyboardInterrupt:
        print("linkage: stopped while starting; nothing was read or written.", file=sys.stderr)
        raise SystemExit(130) from None
    run()
