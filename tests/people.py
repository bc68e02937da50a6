"""A fictional person's two websites, served by the demo's fixture server: Ines Dunmore
(invented) keeps a work site and a birdwatching site that point at each other, share her name
and her picture. :func:`write_sites` can also write them after she followed the advice."""

from __future__ import annotations

import shutil
from pathlib import Path

AVATARS = Path(__file__).resolve().parent.parent / "fixtures" / "avatars"
WORK = "https://ines-dunmore.example.org/"
BIRDS = "https://ines-birds.example.net/"
#: Not listed in the accounts file: found by following the birds site's link.
SKETCHES = "https://ines-sketches.example.com/"
#: Strings that only the collected pages hold (for scans of what was written where).
COLLECTED = [
    "Ines Dunmore",
    "Training lead at Harbourside Council",
    "Wader notes from the estuary",
    "Curlew",
    "ines-birds.example.net",
    "ines-dunmore.example.org",
    "Estuary sketchbook",
    "ines-sketches.example.com",
]

ACCOUNTS = f"""owner = "Ines Dunmore (fictional)"
[[account]]
handle = "web:{WORK}"
persona = "professional"
[[account]]
handle = "web:{BIRDS}"
persona = "personal"
"""

_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="h-card"><img class="u-photo" src="/me.jpg" alt="">
<span class="p-name">{name}</span> — <span class="p-note">{note}</span>
{link}</div>
<article class="h-entry"><p class="e-content">{post}</p></article>
</body></html>
"""


def write_sites(root: Path, *, advice_followed: bool = False) -> Path:
    """Write the two sites under ``root`` (a fixture tree: ``root/HOST/...``); return ``root``."""
    work, birds = root / "ines-dunmore.example.org", root / "ines-birds.example.net"
    sketches = root / "ines-sketches.example.com"
    for folder in (work, birds, sketches):
        folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(AVATARS / "photo_a.jpg", work / "me.jpg")
    (work / "index.html").write_text(
        _PAGE.format(
            title="Ines Dunmore — training",
            name="Ines Dunmore",
            note="Training lead at Harbourside Council.",
            link=f'<a class="u-url" rel="me" href="{BIRDS}">my birds</a>',
            post="Slides from the records-management workshop are up.",
        ),
        "utf-8",
    )
    if advice_followed:
        shutil.copyfile(AVATARS / "photo_b.jpg", birds / "me.jpg")
        name, link = "Wader Watcher", ""
    else:
        shutil.copyfile(AVATARS / "photo_a.jpg", birds / "me.jpg")
        name, link = "Ines Dunmore", f'<a class="u-url" rel="me" href="{WORK}">my work</a>'
    link += f' <a class="u-url" rel="me" href="{SKETCHES}">sketches</a>'
    shutil.copyfile(AVATARS / "photo_b.jpg", sketches / "me.jpg")
    (sketches / "index.html").write_text(
        _PAGE.format(
            title="Estuary sketchbook",
            name="Ink and Mud",
            note="Estuary sketchbook, pen and wash.",
            link="",
            post="Drew the curlews again; the light went before the tide turned.",
        ),
        "utf-8",
    )
    (birds / "index.html").write_text(
        _PAGE.format(
            title="Wader notes from the estuary",
            name=name,
            note="Wader notes from the estuary.",
            link=link,
            post="Curlew and redshank on the mudflats at dawn; a lone greenshank later.",
        ),
        "utf-8",
    )
    return root
