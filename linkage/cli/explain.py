"""``linkage explain``: the waterfall of match weights between two accounts, in the terminal."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from linkage.errors import UsageError
from linkage.evidence.chains import EDGE_FLOOR
from linkage.evidence.linking import input_prior, link_pair, link_profiles
from linkage.evidence.weights import log2_odds
from linkage.records import read_profiles
from linkage.signals import default_signals


def explain_pair(
    path: Path,
    id_a: str,
    id_b: str,
    *,
    prior: float | None = None,
    console: Console | None = None,
    quiet: bool = False,
) -> None:
    profiles = read_profiles(path)
    by_id = {p.id: p for p in profiles}
    for wanted in (id_a, id_b):
        if wanted not in by_id:
            close = [pid for pid in by_id if wanted.lower() in pid.lower()][:5]
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            raise UsageError(f"{path} has no account with the id '{wanted}'.{hint}")
    signals = default_signals()
    prior = input_prior(profiles, prior)
    # the pair as 'linkage link' writes it, chain evidence included (pairs tied at 5 % or more)
    found = {
        frozenset((x.a, x.b)): x
        for x in link_profiles(
            profiles, prior=prior, min_probability=EDGE_FLOOR, chains=True, signals=signals
        )
    }
    link = found.get(frozenset((id_a, id_b))) or link_pair(by_id[id_a], by_id[id_b], signals, prior)
    console = console or Console(highlight=False)
    table = Table(title=f"{id_a} ↔ {id_b}", title_justify="left")
    table.add_column("signal")
    table.add_column("bits", justify="right")
    table.add_column("running", justify="right")
    table.add_column("detail")
    running = log2_odds(prior)
    table.add_row("prior", f"{running:+.1f}", f"{running:+.1f}", f"prior probability {prior:g}")
    for e in sorted(link.evidence, key=lambda e: -e.match_weight):
        running += e.match_weight
        table.add_row(e.signal, f"{e.match_weight:+.1f}", f"{running:+.1f}", e.detail)
    if not quiet:
        console.print(table)
    console.print(
        f"match weight {link.match_weight:+.2f} bits → probability {link.probability:.4f}"
    )
