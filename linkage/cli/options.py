"""The options several commands share, each documented where it is defined."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from linkage.cli import output_paths

Endpoint = Annotated[
    list[str] | None,
    typer.Option(
        "--endpoint",
        metavar="HOST=BASEURL",
        help="Send requests for HOST to BASEURL instead (repeatable; HOST may be '*'). Also read "
        "from LINKAGE_ENDPOINTS as comma-separated items. For tests, mirrors and self-hosted services.",
    ),
]
CacheDir = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        metavar="FOLDER",
        help="Where to keep the response cache (default: your user cache folder).",
    ),
]
#: ``--cache-dir`` of a command that looks into the cache the audits filled (``forget``)
FoundCacheDir = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        metavar="FOLDER",
        help="Where the response cache is: the --cache-dir your audits used (default: your user "
        "cache folder).",
    ),
]
Refresh = Annotated[
    bool, typer.Option("--refresh", help="Revalidate every cached response with the server.")
]
Offline = Annotated[
    bool, typer.Option("--offline", help="Use only cached responses and archives; fetch nothing.")
]
Quiet = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar; only errors and the summary.")
]
Debug = Annotated[bool, typer.Option("--debug", help="Show full tracebacks for errors.")]
AllowPrivate = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Also fetch addresses found in profiles that point into private, loopback or "
        "link-local networks (refused by default).",
    ),
]
SweepAllowPrivate = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Also follow a site's redirect into a private, loopback or link-local network "
        "(refused by default; the site list's own addresses are yours, and asked wherever "
        "they point).",
    ),
]


def probability(low: float, high: float) -> Any:
    """A parser of a probability option: a number (0.05) or a percentage (5%), from ``low``
    to ``high``, refused in plain words otherwise."""

    def parse(text: Any) -> float:
        if isinstance(text, float):
            return text
        written = str(text).strip()
        try:
            value = float(written.rstrip("% ")) / (100 if written.endswith("%") else 1)
        except ValueError:
            value = float("nan")
        if not low <= value <= high:  # NaN too
            raise typer.BadParameter(
                f"'{written}' is not a probability here: give a number from {low:g} to {high:g}, "
                "such as 0.05, or a percentage, such as 5%."
            )
        return value

    return parse


Prior = Annotated[
    float | None,
    typer.Option(
        "--prior",
        metavar="PROBABILITY",
        parser=probability(1e-9, 0.999),
        help="Prior probability that two accounts are one person. Default: it follows the "
        "number of accounts compared, as if each had one other account of its owner among "
        "them (1/9 for ten accounts, 1/999 for a thousand).",
    ),
]
Redact = Annotated[
    bool,
    typer.Option(
        "--redact",
        help="Write the version to share: no handles, names, bios, posts, links or pictures.",
    ),
]
ReportOut = Annotated[
    Path,
    typer.Option(
        "-o",
        "--output",
        metavar="FILE",
        help="Where to write the HTML report (.html is added if missing).",
        callback=output_paths.REPORT,
    ),
]
JsonOut = Annotated[
    Path | None,
    typer.Option(
        "--json",
        metavar="FILE",
        help="Also write the analysis as JSON to this file.",
        callback=output_paths.ANALYSIS,
    ),
]
CsvOut = Annotated[
    Path | None,
    typer.Option(
        "--csv",
        metavar="FOLDER",
        help="Also write the profiles and links tables as CSV files into this folder.",
        callback=output_paths.folder_out,
    ),
]


def _from_probability(help: str) -> Any:
    """``--min-probability``: the pairs a command writes or lists, from this probability."""
    return typer.Option(
        "--min-probability",
        metavar="PROBABILITY",
        parser=probability(0.0, 1.0),
        help=help,
    )


ListedFrom = Annotated[
    float,
    _from_probability(
        "List the pairs at or above this probability in the report's evidence, the JSON's "
        "links and the CSV tables (0 lists every pair of accounts that could be read)."
    ),
]
WrittenFrom = Annotated[
    float,
    _from_probability(
        "Write the pairs at or above this probability (0 writes every pair of accounts that "
        "could be read: how an unread account ties to the others is unknown, so it has no row)."
    ),
]
#: the defaults of the options below, named once: the command suggested after an audit
#: repeats only the options given with other values
MAX_POSTS = 100
MAX_WORDS = 10_000
#: ``linkage.evidence.remediation.DEFAULT_TARGET_BITS`` (the same, tested): not imported, so
#: that the command line starts without loading the engine
TARGET_BITS = 6.0
TargetBits = Annotated[
    float,
    typer.Option(
        "--target-bits",
        metavar="BITS",
        min=0.0,
        help="Recommend changes until every chain between personas is below this many bits "
        "(0 or more).",
    ),
]
MaxPosts = Annotated[
    int,
    typer.Option("--max-posts", metavar="NUMBER", min=0, help="Most posts to collect per account."),
]
MaxWords = Annotated[
    int,
    typer.Option(
        "--max-words", metavar="NUMBER", min=0, help="Most words of writing to collect per account."
    ),
]
Pdf = Annotated[
    bool,
    typer.Option(
        "--pdf",
        help="Also print each HTML report to PDF beside it (same name, .pdf): its printed "
        "version, with the verdict, the changes and the ties on the chains between your sides. "
        "Needs Chromium and Playwright; says how to get them when missing.",
    ),
]
