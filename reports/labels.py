"""How accounts are named in a report: by handle, or (redacted) by persona, letter and platform."""

from __future__ import annotations

import string
from collections.abc import Sequence

from collectors import registry
from linkage.records import Profile

#: Sentences used in place of evidence details in a redacted report (details name handles).
REDACTED_DETAIL = {
    "username": "the usernames are the same or alike",
    "crosslink": "one account links to the other, or both link to the same site",
    "display_name": "the display names are the same or alike",
    "avatar": "the profile pictures are the same or alike",
    "bio": "the profile texts share telling details",
    "style": "the writing styles are alike",
    "activity": "the accounts are active at the same times",
    "chain": "judged together with the person's other accounts",
    "followable": "a link anyone can follow outweighs the differences",
}


#: Short names of the signals, for chains of evidence.
SHORT = {
    "username": "usernames",
    "crosslink": "links",
    "display_name": "names",
    "avatar": "pictures",
    "bio": "bios",
    "style": "writing style",
    "activity": "activity times",
    "chain": "the person's other accounts",
    "followable": "a link anyone can follow",
}


def platform_title(platform: str) -> str:
    collector = registry.get(platform)
    if collector is not None and collector.title:
        return collector.title
    return platform.replace("-", " ").title() if platform else "Unknown"


def persona_title(persona: str | None) -> str:
    return (persona or "unlabelled").strip().capitalize()


def account_labels(profiles: Sequence[Profile], *, redact: bool) -> dict[str, str]:
    """A readable label for every profile id."""
    labels: dict[str, str] = {}
    counters: dict[str, int] = {}
    for profile in sorted(profiles, key=lambda p: (p.persona or "~", p.id)):
        platform = platform_title(profile.platform)
        if redact:
            key = profile.persona or ""
            index = counters.get(key, 0)
            counters[key] = index + 1
            letter = _letters(index)
            labels[profile.id] = f"{persona_title(profile.persona)} account {letter} ({platform})"
        else:
            labels[profile.id] = f"{profile.handle} ({platform})"
    return labels


def _letters(index: int) -> str:
    letters = string.ascii_uppercase
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = letters[rem] + out
    return out
