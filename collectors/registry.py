"""Platform name → collector. A platform is one module in ``collectors/`` exposing ``COLLECTOR``.

Modules are found by scanning the package, so adding ``collectors/<platform>.py`` (with its
tests and fixtures) and its entry in the platform table (``linkage/platforms/``: title,
handle rules, profile address) is all it takes to add a platform.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import collectors
from collectors.base import Collector

_INFRASTRUCTURE = {
    "avatars",
    "base",
    "cache_admin",
    "errors",
    "http",
    "registry",
    "sweep",
    "text",
    "archives",
}


@cache
def all_collectors() -> dict[str, Collector]:
    found: dict[str, Collector] = {}
    for module_info in pkgutil.iter_modules(collectors.__path__):
        if module_info.name in _INFRASTRUCTURE or module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"collectors.{module_info.name}")
        collector = getattr(module, "COLLECTOR", None)
        if isinstance(collector, Collector):
            found[collector.platform] = collector
    return dict(sorted(found.items()))


def get(platform: str) -> Collector | None:
    return all_collectors().get(platform.lower())


def known_platforms() -> list[str]:
    return list(all_collectors())
