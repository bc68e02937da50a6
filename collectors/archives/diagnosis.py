"""Why an archive is no export an importer can read, when the reason is one a person can fix:
it is empty, it is a Facebook or Instagram export in HTML form, it holds other exports (a zip
inside a zip, a folder of downloads), or it is one part of an export split into several zips.

:func:`diagnose` is asked when no importer recognises an archive, or when the importer named
by ``kind`` lacks the member that holds the profile; it returns the error to raise, or None.
"""

from __future__ import annotations

import re

from collectors.archives.reader import Archive, ArchiveError, MissingMember

#: archives held inside another archive or a folder
INNER = re.compile(r"\.(zip|tar|tgz|tar\.gz|tar\.bz2|tar\.xz)$", re.I)
#: the profile pages of exports downloaded in HTML form instead of JSON
HTML_FORMS = {
    "Facebook": ("profile_information.html",),
    "Instagram": ("personal_information.html",),
}
#: top-level folders of Facebook's and Instagram's exports ("Download your information"):
#: a part of a split export holds some of them and not the profile
_META_FOLDERS = {
    "ads_information",
    "apps_and_websites_off_of_facebook",
    "apps_and_websites_off_of_instagram",
    "connections",
    "logged_information",
    "media",
    "personal_information",
    "preferences",
    "security_and_login_information",
    "your_activity_across_facebook",
    "your_facebook_activity",
    "your_instagram_activity",
}


class EmptyArchive(ArchiveError):
    pass


class WrongFormat(ArchiveError):
    """An export of a platform this tool knows, in a form it cannot read (HTML)."""


class HoldsExports(ArchiveError):
    """An archive or folder that holds exports rather than being one."""


class SplitPart(MissingMember):
    """One part of an export split into several zips."""


def what(archive: Archive) -> str:
    """The archive as a message names it: "the folder 'x'" or "the archive 'x.zip'"."""
    return (
        f"the folder '{archive.label}'"
        if archive.path.is_dir()
        else f"the archive '{archive.label}'"
    )


def joined(words: list[str]) -> str:
    """Words in a sentence: "a", "a and b", "a, b and c"."""
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def this(archive: Archive) -> str:
    """The archive as a message to one who just gave it names it: "This folder", "This file"."""
    return "This folder" if archive.path.is_dir() else "This file"


def with_article(title: str) -> str:
    """A title after its article: "a Reddit data export", "an X/Twitter archive"."""
    return ("an " if title[:1] in "AEIOUaeiouX" else "a ") + title


def empty(archive: Archive) -> ArchiveError | None:
    if archive.members:
        return None
    return EmptyArchive(
        f"{what(archive)} is empty: it holds no files. Download the export again (a "
        "download that stopped early can leave an empty file)."
    )


def html_form(archive: Archive) -> ArchiveError | None:
    """A Facebook or Instagram export downloaded in HTML form."""
    for platform, pages in HTML_FORMS.items():
        if any(archive.has(page) for page in pages):
            return WrongFormat(
                f"{what(archive)} is a {platform} export in HTML form, which this tool cannot "
                f"read. Request the export again in JSON format ({platform}'s \"Download your "
                'information": choose Format: JSON), and list that one.'
            )
    return None


def inner_exports(archive: Archive) -> ArchiveError | None:
    """An archive (a zip in a zip) or a folder that holds other exports' archives."""
    inner = [name for name in archive.names if INNER.search(name)]
    if not inner:
        return None
    shown = ", ".join(name.rsplit("/", 1)[-1] for name in inner[:5])
    if len(inner) > 5:
        shown += f" and {len(inner) - 5} more"
    unzip = "" if archive.path.is_dir() else "unzip it, then "
    if len(inner) > 1:
        found = HoldsExports(
            f"{what(archive)} holds several exports ({shown}); list each one's own file or "
            "folder in its own [[account]] entry."
        )
        found.in_app = (
            f"This file holds several exports ({shown}): unzip it, then add each export on its own."
        )
        found.at_prompt = (
            f"{this(archive)} holds several exports ({shown}): {unzip}type each export's path "
            "at this prompt, one at a time."
        )
        return found
    if archive.path.is_dir():
        found = HoldsExports(
            f"{what(archive)} holds an export, {shown}: point at that file instead."
        )
        found.at_prompt = f"This folder holds an export, {shown}: type that file's path instead."
        return found
    found = HoldsExports(
        f"{what(archive)} holds another export, {shown}: unzip '{archive.label}' and point at "
        "that file instead."
    )
    found.in_app = f"This file holds another export, {shown}: unzip it and add that file instead."
    found.at_prompt = (
        f"This file holds another export, {shown}: unzip it, then type that file's path instead."
    )
    return found


def split_part(
    archive: Archive, platform: str | None = None, member: str | None = None
) -> ArchiveError | None:
    """One part of a Facebook or Instagram export split into several zips: it has the
    export's folders but not the profile (``member``, where the importer is known)."""
    tops = {(archive.stripped + name).split("/", 1)[0] for name in archive.names}
    if not tops & _META_FOLDERS:
        return None
    if platform is None:
        named = " ".join(sorted(tops)).lower()
        platform = (
            "Facebook"
            if "facebook" in named
            else "Instagram"
            if "instagram" in named
            else "Facebook or Instagram"
        )
    lacks = f"'{member}'" if member else "'profile_information.json' or 'personal_information.json'"
    article = "an" if platform.startswith("I") else "a"
    found = SplitPart(
        f"{what(archive)} has no {lacks} (it holds the profile): it looks like one part of "
        f"{article} {platform} export split into several zips. Unzip all the parts into one "
        "folder and list the folder."
    )
    found.in_app = (
        f"This file has no {lacks} (it holds the profile): it looks like one part of "
        f"{article} {platform} export split into several zips. Unzip all the parts into one "
        "folder, zip that folder into one file, and add it."
    )
    return found


def diagnose(archive: Archive) -> ArchiveError | None:
    """The error that says why no importer reads ``archive``, when it can be said; else None."""
    for check in (empty, html_form, inner_exports, split_part):
        found = check(archive)
        if found is not None:
            return found
    return None
