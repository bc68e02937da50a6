"""Archive kind -> importer, detection, and :func:`import_archive`.

A kind is one module in ``collectors/archives/`` exposing ``IMPORTER`` (an :class:`Importer`);
modules are found by scanning the package, as the live collectors are.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from functools import cache
from pathlib import Path
from typing import Any

from collectors.archives.diagnosis import diagnose, joined, this, with_article
from collectors.archives.reader import Archive, ArchiveError, Caps, open_archive
from collectors.archives.several import holds_several, others_beside
from collectors.avatars import MAX_IMAGE_BYTES, avatar_from_bytes
from collectors.base import CollectContext, now_iso
from collectors.text import clip
from linkage.records import Avatar, Collected, Profile

_INFRASTRUCTURE = {
    "reader",
    "caps",
    "errors",
    "registry",
    "formats",
    "encodings",
    "diagnosis",
    "compressed",
    "several",
}


class UnknownKind(ArchiveError):
    pass


class Importer:
    """One kind of data export: how to recognise it and how to read it into a profile."""

    kind: str = ""
    platform: str = ""
    title: str = ""
    #: the member whose presence the detection relies on, named in wrong-kind messages
    key_member: str = ""
    #: the platform as people know it ("X/Twitter"), and what its export looks like
    known_as: str = ""
    looks_like: str = ""

    def detect(self, archive: Archive) -> bool:
        raise NotImplementedError

    def load(
        self, archive: Archive, ctx: CollectContext, *, source_name: str, handle: str | None = None
    ) -> Profile:
        """Read the export. ``handle`` names the account where the export does not."""
        raise NotImplementedError

    # helpers for importers -----------------------------------------------------------------

    def profile(
        self,
        handle: str,
        *,
        source_name: str,
        url: str | None = None,
        guess_url: bool = True,
        default_url: str | None = None,
        **fields: Any,
    ) -> Profile:
        """A profile record whose id matches the live collector's for the same account.

        Without ``url``, the live collector's profile address is used when ``guess_url``, else
        ``default_url``.
        """
        live = _live_collector(self.platform)
        canonical = handle
        if live is not None:
            try:
                canonical = live.normalise(handle)
            except (ValueError, TypeError):
                canonical = handle
            if url is None and guess_url:
                try:
                    url = live.profile_url(canonical)
                except Exception:  # another module's bug must not lose the import
                    url = None
        url = url or default_url
        for key in ("display_name", "bio", "location"):
            fields[key] = clip(fields.get(key) or None)
        return Profile(
            id=f"{self.platform}:{canonical}",
            platform=self.platform,
            handle=handle,
            url=url,
            collected=Collected(collector=self.kind, at=now_iso(), source=source_name),
            **fields,
        )

    def read_avatar(
        self, archive: Archive, name: str | None, *, url: str | None = None, default: bool = False
    ) -> Avatar | None:
        """Fingerprint a picture inside the archive; keep only ``url`` if it cannot be read."""
        if name is None or name not in archive.members:
            return Avatar(url=url, default=default) if url else None
        try:
            data = archive.read(name, limit=MAX_IMAGE_BYTES)
        except ArchiveError:
            return Avatar(url=url, default=default) if url else None
        return avatar_from_bytes(data, url=url, default=default)


def _live_collector(platform: str) -> Any:
    try:
        from collectors import registry

        return registry.get(platform)
    except Exception:  # a broken live collector must not stop archive imports
        return None


@cache
def all_importers() -> dict[str, Importer]:
    import collectors.archives as package

    found: dict[str, Importer] = {}
    for info in pkgutil.iter_modules(package.__path__):
        if info.name in _INFRASTRUCTURE or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        importer = getattr(module, "IMPORTER", None)
        if isinstance(importer, Importer):
            found[importer.kind] = importer
    return dict(sorted(found.items()))


def known_kinds() -> list[str]:
    return list(all_importers())


def _kinds_text() -> str:
    """The kinds as typed in an accounts file, each with its platform."""
    return ", ".join(
        f'"{kind}" ({importer.known_as})' for kind, importer in all_importers().items()
    )


def exports_text() -> str:
    """The exports this tool reads, by platform, and what each looks like."""
    shown = [
        f"{importer.known_as} ({importer.looks_like})"
        for importer in sorted(all_importers().values(), key=lambda i: i.known_as.lower())
    ]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def detect(archive: Archive) -> list[Importer]:
    """Every importer that recognises the archive."""
    return [importer for importer in all_importers().values() if importer.detect(archive)]


def choose(archive: Archive, kind: str | None = None) -> Importer:
    """The importer for ``archive``: the one named by ``kind``, or the one detected."""
    importer = all_importers().get((kind or "").strip().lower())
    if kind is not None and importer is None:
        raise UnknownKind(
            f"'{kind}' is not a known archive kind; the known kinds are {_kinds_text()}."
        )
    several = holds_several(archive, all_importers().values())
    if several is not None:
        raise several
    if importer is not None:
        if not importer.detect(archive):
            others = [other for other in detect(archive) if other is not importer]
            if others:
                raise ArchiveError(
                    f"the archive '{archive.label}' is not {with_article(importer.title)} (it has "
                    f"no '{importer.key_member}'); it looks like {with_article(others[0].title)}. "
                    f'Use kind = "{others[0].kind}", or leave kind out to detect it.'
                )
            reason = diagnose(archive)
            if reason is not None:
                raise reason
        return _alone(archive, importer)
    found = detect(archive)
    if len(found) == 1:
        return _alone(archive, found[0])
    if not found:
        raise diagnose(archive) or ArchiveError(
            f"the archive '{archive.label}' is not a data export this tool knows. It reads the "
            f"exports of {exports_text()}."
        )
    raise mixed(archive, found)


def mixed(archive: Archive, found: list[Importer]) -> ArchiveError:
    """The error for an archive or folder that the importers of several platforms (``found``)
    all recognise: the exports of two platforms mixed together, or one platform's export
    beside another's loose files. For the accounts file, the kind to name; for the app's page
    and 'linkage init's prompt, one export at a time."""
    platforms = joined([importer.known_as for importer in found])
    choices = " or ".join(f'kind = "{importer.kind}"' for importer in found)
    error = ArchiveError(
        f"the archive '{archive.label}' looks like the exports of more than one platform "
        f"({platforms}); add the one you mean to its entry in the accounts file: {choices}."
    )
    said = (
        f"looks like the exports of more than one platform ({platforms}) mixed together, so "
        "linkage cannot tell which one to read."
    )
    error.in_app = f"This file {said} Add each platform's export as a file of its own."
    error.at_prompt = (
        f"{this(archive)} {said} Type the path of one platform's export at a time: its own zip "
        "file, or the folder it was unpacked into."
    )
    return error


def _alone(archive: Archive, importer: Importer) -> Importer:
    """``importer``, unless its export has other exports' archives beside it."""
    beside = others_beside(archive, importer)
    if beside is not None:
        raise beside
    return importer


def import_archive(
    path: str | os.PathLike[str],
    ctx: CollectContext,
    kind: str | None = None,
    *,
    handle: str | None = None,
    caps: Caps | None = None,
) -> Profile:
    """Read a data export into a profile record (no network access).

    ``kind`` overrides detection; ``handle`` names the account where the export does not
    (LinkedIn exports never do). Raises :class:`ArchiveError` (a ``CollectError``) with a
    message a person can act on.
    """
    path = Path(path)
    named = all_importers().get((kind or "").strip().lower())
    try:
        with open_archive(path, caps) as archive:
            importer = choose(archive, kind)
            named = importer
            try:
                return importer.load(archive, ctx, source_name=archive.label, handle=handle)
            except ArchiveError:
                raise
            except (KeyError, TypeError, AttributeError, IndexError, ValueError) as exc:
                # the parsers are written not to raise these; this is a last safety net
                raise ArchiveError(
                    f"the archive '{archive.label}' has a layout this tool cannot read "
                    f"({exc.__class__.__name__}: {exc}). Please report it."
                ) from None
    except ArchiveError as exc:
        if named is not None:  # the platform it is an export of, for the failed account
            exc.platform = named.platform
        raise
