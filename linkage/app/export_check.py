"""What a file given as a data export is: the importers that read it, or why none can, in
plain words. The app's upload and ``linkage init`` both ask it, before the file is listed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from linkage.errors import LinkageError


def importers_of(path: Path) -> list[Any]:
    """The importers that recognise the data export at ``path`` (one, or several when the kind
    must be named); :class:`LinkageError` saying why when it is not one linkage can read. The
    archive is opened with the importers' own size and safety limits."""
    from collectors.archives import ArchiveError, all_importers, detect, open_archive
    from collectors.archives.diagnosis import diagnose
    from collectors.archives.registry import exports_text
    from collectors.archives.several import holds_several, others_beside

    try:
        with open_archive(path) as archive:
            found = detect(archive)
            several = holds_several(archive, all_importers().values())
            reason = several or (None if found else diagnose(archive))
            if reason is None and len(found) == 1:
                reason = others_beside(archive, found[0])
            if reason is not None:
                raise reason
    except ArchiveError as exc:
        why = exc.in_app or exc.message  # one file, no entries to name
        raise LinkageError(why[:1].upper() + why[1:]) from None
    if not found:
        raise LinkageError(
            f"This is not a data export linkage can read. It reads the exports of {exports_text()}."
        )
    return found
