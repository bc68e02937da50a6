"""``--csv DIR``: the profiles and links tables for spreadsheets and notebooks (pandas)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from linkage.evidence.analysis import Analysis
from linkage.evidence.linking import signal_names
from linkage.record_files import open_private
from reports.redact import redacted_view, shared_status

#: the tables are for spreadsheets: UTF-8 with a byte-order mark, without which Excel reads
#: UTF-8 as the computer's own code page and turns Arabic, Cyrillic or Chinese into gibberish
SPREADSHEET_ENCODING = "utf-8-sig"


def profiles_table(analysis: Analysis, redact: bool = False) -> pd.DataFrame:
    """One row per account; redacted, accounts are named by persona and platform only and
    no handle, address, name, location or error text is kept."""
    analysis, labels = redacted_view(analysis, redact)
    rows = []
    for p in analysis.profiles:
        rows.append(
            {
                "id": p.id,
                "platform": p.platform,
                "handle": p.handle,
                "persona": p.persona,
                "url": p.url,
                "display_name": p.display_name,
                "location": p.location,
                "links": len(p.links),
                "posts": len(p.posts),
                "words": sum(len(x.text.split()) for x in p.posts),
                "avatar": bool(p.avatar and (p.avatar.sha256 or p.avatar.phash)),
                "status": p.status.error or "ok",
                "collected_at": p.collected.at if p.collected else None,
            }
        )
        if redact:
            rows[-1].update(
                id=labels[p.id],
                handle=None,
                url=None,
                display_name=None,
                location=None,
                status=shared_status(p.status),
                # exact counts help single a small account out
                links=None,
                posts=None,
                words=None,
            )
    return pd.DataFrame(rows)


def links_table(analysis: Analysis, redact: bool = False) -> pd.DataFrame:
    """One row per link listed, with the columns of ``linkage link``'s table: every signal's,
    in its order, empty where the signal found nothing (the columns varied from run to run)."""
    analysis, labels = redacted_view(analysis, redact)
    if not redact:  # the full tables name each account by its id
        labels = {}
    names = signal_names()
    rows = []
    for link in analysis.links:
        if link.probability < analysis.min_probability:
            continue
        row = {
            "a": labels.get(link.a, link.a),
            "b": labels.get(link.b, link.b),
            "probability": link.probability,
            "match_weight": link.match_weight,
        }
        for e in link.evidence:
            row[e.signal] = e.match_weight
            if e.signal not in names:
                names.append(e.signal)
        rows.append(row)
    return pd.DataFrame(rows, columns=["a", "b", "probability", "match_weight", *names])


def write_tables(directory: Path, analysis: Analysis, redact: bool = False) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    written = []
    for name, table in (
        ("profiles.csv", profiles_table(analysis, redact)),
        ("links.csv", links_table(analysis, redact)),
    ):
        path = directory / name
        # owner-only from the start; with a byte-order mark, so a spreadsheet reads UTF-8
        with open_private(path, encoding=SPREADSHEET_ENCODING) as out:
            inert(table).to_csv(out, index=False)
        written.append(path)
    return written


#: what a spreadsheet reads as the start of a formula (OWASP's list for CSV injection)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def inert(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every text cell a spreadsheet would run as a formula (a display name
    "=HYPERLINK(...)") made text, by a leading apostrophe; numbers stay numbers."""
    out = table.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA) else v
            )
    return out
