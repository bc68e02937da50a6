"""The app's last audit, shown again when the app starts: what the page showed when it ended
(the summary, the verdict, each account's line, which downloads are ready), kept beside its
reports in the app's owner-only folder. Shown again, it says when it is from; the demo's run
is not kept (the demo is run afresh). ``linkage forget`` deletes it with the reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from linkage.clock import now_iso
from linkage.store import write_private
from reports.text import human_date

#: the file, beside the reports of the app's last audit
RUN_FILE = "last-run.json"


def keep(folder: Path, shown: dict[str, Any]) -> None:
    """Keep what the page shows of a finished audit: its ``summary``, ``verdict``,
    ``accounts`` (each line's label, state and message) and ``outputs`` (name: "" when ready,
    else why not)."""
    kept = {key: shown.get(key) for key in ("summary", "verdict", "accounts", "outputs")}
    kept["finished"] = now_iso()
    write_private(folder / RUN_FILE, json.dumps(kept, ensure_ascii=False, indent=1) + "\n")


def shown_again(folder: Path, names: dict[str, str]) -> dict[str, Any] | None:
    """What to show of the last audit kept in ``folder``, or None when there is none, it
    cannot be read, or its full report is gone (``names``: each download's file name)."""
    try:
        kept = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or not _well_formed(kept):
        return None
    outputs = {
        name: why
        for name, why in kept["outputs"].items()
        if name in names and (why or (folder / names[name]).is_file())
    }
    if "report" not in outputs or outputs["report"]:
        return None
    when = human_date(kept.get("finished")) or "an earlier day"
    summary = (
        f"Your last audit, of {when}, as it was then: {kept['summary']} Run the audit again "
        "to see what has changed since."
    )
    return {**kept, "outputs": outputs, "summary": summary}


def _well_formed(kept: dict[str, Any]) -> bool:
    """Every field the page reads, of the type it reads it as."""
    accounts = kept.get("accounts")
    return (
        isinstance(kept.get("summary"), str)
        and isinstance(kept.get("verdict"), dict)
        and all(isinstance(v, str | None) for v in kept["verdict"].values())
        and isinstance(kept.get("outputs"), dict)
        and all(isinstance(v, str) for v in kept["outputs"].values())
        and isinstance(accounts, list)
        and all(
            isinstance(a, dict) and all(isinstance(a.get(k), str) for k in ("label", "state"))
            for a in accounts
        )
    )
