"""The username sweep: where else do these usernames exist?

``linkage sweep USERNAME... [--sites FILE] [-o found.jsonl] [--variants]`` checks each
username on every site of a site list (the project's own ``linkage/data/sites.json``, or a
WhatsMyName, Sherlock or Maigret file, its format detected) and writes one record per
(username, site) check: ``found``, ``missing`` or ``unknown`` (could not tell). See
``collectors/sweep/README.md`` for the project's site-list format and the detection rules.

For the audit, :func:`discover` runs a sweep from ordinary (non-async) code.
Submodules are imported lazily: importing this package costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collectors.sweep.model import SiteList, SweepResult


def discover(
    usernames: list[str],
    sites: SiteList | Path | str | None = None,
    *,
    endpoints: dict[str, str] | None = None,
    allow_private: bool = False,
    variants: bool = False,
    timeout: float = 10.0,
    per_host: int = 2,
    cache_dir: Path | None = None,
    refresh: bool = False,
    on_result: Callable[[SweepResult], None] | None = None,
) -> list[SweepResult]:
    """Sweep ``usernames`` over ``sites`` (a loaded list, a file, or None for the project's own).

    Returns one :class:`~collectors.sweep.model.SweepResult` per (username, site) checked; keep
    those with ``status == "found"``. ``result.url`` is the profile address (hand it to the
    web collector, or to :func:`linkage.handles.parse_handle` to find a platform's collector);
    ``result.handle`` is ``PLATFORM:NAME`` where the project's own list names the collector.
    ``endpoints``, ``allow_private``, ``cache_dir`` and ``refresh`` are the run's
    ``HttpConfig`` values (the endpoint override and the address guard apply as they do to
    collectors; what the sites said in the last day is kept in, and taken from, the sweep's
    cache in ``cache_dir`` unless ``refresh``). Must not be called from
    inside a running event loop (use :func:`collectors.sweep.runner.sweep_async` there).
    Raises :class:`~linkage.errors.InputError` for an unreadable site list.
    """
    from collectors.sweep.runner import SweepSettings, sweep
    from collectors.sweep.sites import load_sites
    from collectors.sweep.variants import expand

    # adult sites are left out: an audit has no --nsfw, and its report may be shown to a room
    given = isinstance(sites, (Path, str, type(None)))
    site_list = load_sites(sites, adult=False) if given else sites
    settings = SweepSettings(
        endpoints=dict(endpoints or {}),
        allow_private=allow_private,
        timeout=timeout,
        per_host=per_host,
        cache_dir=cache_dir,
        refresh=refresh,
    )
    return sweep(expand(list(usernames), variants), site_list, settings, on_result)


__all__ = ["discover"]
