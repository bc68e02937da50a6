"""What a file given as a data export is: the importers that read it, or why none can, in
plain words. The app's upload and ``linkage init`` both ask it, before the file is listed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from linkage.errors import LinkageError


def importers_of(path: Path, *, at_prompt: bool = False) -> list[Any]:
    """The importer that recognises the data export at ``path``, in a list;
    :class:`LinkageError` saying why when it is not one the audit can read: the audit's own
    checks (:func:`collectors.archives.registry.choose`, with no kind named), so that what is
    listed here is read there. The archive is opened with the importers' own size and safety
    limits. Said for the app's page, or with ``at_prompt`` for 'linkage init's prompt."""
    from collectors.archives import ArchiveError, all_importers, detect, open_archive
    from collectors.archives.diagnosis import diagnose
    from collectors.archives.registry import exports_text, mixed
    from collectors.archives.several import holds_several, others_beside

    try:
        with open_archive(path) as archive:
            found = detect(archive)
            several = holds_several(archive, all_importers().values())
            reason = several or (None if found else diagnose(archive))
            if reason is None and len(found) > 1:  # which one to read: the audit cannot tell
                reason = mixed(archive, found)
            if reason is None and len(found) == 1:
                reason = others_beside(archive, found[0])
            if reason is not None:
                raise reason
    except ArchiveError as exc:
        # one file or folder given, no entries to name
        why = (exc.at_prompt if at_prompt else None) or exc.in_app or exc.message
        raise LinkageError(why[:1].upper() + why[1:]) from None
    if not found:
        raise LinkageError(
            f"This is not a data export linkage can read. It reads the exports of {exports_text()}."
        )
    return found
