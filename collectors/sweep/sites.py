"""Load a site list: the project's own (default) or a WhatsMyName, Sherlock or Maigret file.

The format is detected from the file's shape, not its name. Broken entries are kept out of
the list and reported (``SiteList.broken``); a file that is not JSON, or not a site list in a
known format, is an :class:`~linkage.errors.InputError` (exit status 2).
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import linkage
from collectors.sweep.formats import maigret, native, sherlock, wmn
from collectors.sweep.model import BrokenEntry, SiteList
from linkage import file_kinds
from linkage.errors import InputError

#: The project's own, curated list.
DEFAULT_SITES = Path(linkage.__file__).resolve().parent / "data" / "sites.json"
#: Detection order: the most specific shape first.
FORMATS = (native, wmn, maigret, sherlock)
#: Where the public lists live (told to users who want a bigger list).
WHERE = (
    "WhatsMyName: https://github.com/WebBreacher/WhatsMyName (wmn-data.json); "
    "Sherlock: https://github.com/sherlock-project/sherlock (sherlock_project/resources/data.json); "
    "Maigret: https://github.com/soxoj/maigret (maigret/resources/data.json)"
)


def detect_format(data: Any) -> str | None:
    """The name of the format ``data`` (a parsed JSON document) is in, or None."""
    for module in FORMATS:
        if module.looks_like(data):
            return module.NAME
    return None


def parse_sites(data: Any, source: str = "", *, adult: bool = True) -> SiteList:
    """Turn a parsed site-list document into a :class:`SiteList` (format detected);
    ``adult=False`` leaves out the sites the list marks as adult (counted in ``adult``)."""
    for module in FORMATS:
        if module.looks_like(data):
            try:
                result = module.load(data, adult)
            except BrokenEntry as exc:
                raise InputError(f"{source or 'the site list'}: {exc}.") from None
            result.source = source
            _unique_names(result)
            return result
    raise InputError(
        f"{source or 'the site list'} is not a site list in a format linkage knows "
        f"(its own, WhatsMyName, Sherlock or Maigret). Get one from {WHERE}."
    )


def load_sites(path: Path | str | None = None, *, adult: bool = True) -> SiteList:
    """Read and parse a site-list file; None means the project's own list. ``adult=False``
    leaves out the sites the list marks as adult (:func:`parse_sites`)."""
    file = Path(path) if path is not None else DEFAULT_SITES
    try:
        raw = file.read_bytes()
    except IsADirectoryError:
        raise InputError(
            _other_file(file) or f"{file}: a folder, not a site list. {_SITE_LIST}"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read the site list {file}: {exc.strerror or exc}.") from None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        said = _other_file(file) or f"the site list {file} is not valid JSON ({exc})."
        raise InputError(said) from None
    if detect_format(data) is None:  # a report's JSON, say: said as what it is
        other = _other_file(file)
        if other is not None:
            raise InputError(other)
    return parse_sites(data, str(file), adult=adult)


#: what to do with each of linkage's own files given as a site list
_USE_INSTEAD = {
    file_kinds.ACCOUNTS: "Give it to linkage audit instead: '{audit}' audits the accounts it "
    "lists.",
    file_kinds.PROFILES: "Give it to linkage report instead: '{report}' reports on the "
    "accounts it holds.",
    file_kinds.EXPORT: "Add it to your accounts file with 'linkage init' or 'linkage app'.",
    file_kinds.EXPORT_FOLDER: "Add it to your accounts file with 'linkage init' or 'linkage app'.",
}
#: what a site list is, said after what the file is instead
_SITE_LIST = (
    "A site list for --sites is in linkage's own format or is the data file of WhatsMyName, "
    "Sherlock or Maigret; without --sites, linkage's own list is used."
)


def _other_file(path: Path) -> str | None:
    """What to say of ``path`` when it is one of linkage's own files, not a site list ("this
    is an accounts file, not a site list: give it to linkage audit"), else None."""
    kind = file_kinds.sniff(path)
    if kind is None or kind == file_kinds.DOCUMENT:  # a broken site list is one still
        return None
    quoted = shlex.quote(str(path))
    then = _USE_INSTEAD.get(kind, "").format(
        audit=f"linkage audit {quoted}", report=f"linkage report {quoted}"
    )
    return file_kinds.said(path, kind, "a site list", f"{then} {_SITE_LIST}".strip())


def _unique_names(result: SiteList) -> None:
    """Sites are named in the records, so two entries with one name get ' (2)', ' (3)'."""
    seen: dict[str, int] = {}
    for site in result.sites:
        count = seen.get(site.name, 0) + 1
        seen[site.name] = count
        if count > 1:
            site.name = f"{site.name} ({count})"
