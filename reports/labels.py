"""The report's words: how accounts, clues and levels are named for a reader who has never
heard of record linkage. Accounts are named by handle, or (redacted) by persona, letter and
platform; each clue by the words its signal carries (``linkage.evidence.waterfall.clue_words``),
so a new signal needs nothing here."""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence

from linkage import platforms
from linkage.accounts import USUAL_SIDES
from linkage.evidence.waterfall import words_for
from linkage.records import Evidence, Profile
from linkage.shown_text import marked


def clue(signal: str) -> str:
    """The clue in a few words ("the same picture"): the signal's own words."""
    return words_for(signal).clue


def because(signal: str) -> str:
    """The clue as a reason, after "because" ("they show the same picture")."""
    return words_for(signal).because


def because_of(evidence: Evidence) -> str:
    """``evidence`` as the reason, after "because", as its signal words what it found ("both
    link to the same site"; :meth:`linkage.signals.Signal.reason`)."""
    from linkage.signals import signal_classes

    for cls in signal_classes():
        if cls.name == evidence.signal:
            return cls.reason(evidence)
    return because(evidence.signal)


#: what a redacted report says of a clue that counts against the pair, or for nothing: the
#: signal's own sentence says what it found when it ties the accounts ("the usernames are the
#: same or alike"), which would misstate a clue against them
REDACTED_AGAINST = "what was found here counts against the two accounts being one person's"
REDACTED_NEITHER = "what was found here neither ties the two accounts nor sets them apart"


def redacted_detail(signal: str, weight: float | None = None) -> str:
    """What a redacted report says instead of the clue's detail (which names handles); with
    the clue's ``weight``, a clue against the pair (or of no weight) is said to be that."""
    if weight is not None and weight < -0.05:
        return REDACTED_AGAINST
    if weight is not None and weight <= 0.05:
        return REDACTED_NEITHER
    return words_for(signal).redacted


def strength(weight: float) -> str:
    """One clue's weight in words."""
    if weight < -0.05:
        return "against"
    if weight >= 10:
        return "very strong"
    if weight >= 5:
        return "strong"
    if weight >= 2:
        return "some"
    if weight > 0.05:
        return "weak"
    return "no weight"


def platform_title(platform: str) -> str:
    return platforms.title(platform)


#: What the full report calls an account with no side, in the picture's key and on its card:
#: one the audit found (never listed), and one listed without a persona (a listed GitHub
#: account was "found by the audit" on its card, "no label" in the key)
FOUND_SIDE = "Found by the audit"
NO_SIDE = "No side given"


def side_title(profile: Profile) -> str:
    """An account's side as the full report names it: its persona, or :data:`FOUND_SIDE` or
    :data:`NO_SIDE`."""
    if profile.persona:
        return persona_title(profile.persona)
    return FOUND_SIDE if profile.discovered_by else NO_SIDE


def persona_title(persona: str | None) -> str:
    """A side's name at the start of a label: its first letter in capitals, the rest as the
    person wrote it ("AWS team", not "Aws team")."""
    name = (persona or "unlabelled").strip()
    return name[:1].upper() + name[1:]


def shared_sides(personas: Iterable[str | None]) -> dict[str, str]:
    """What a redacted output calls each side: personal and professional (:data:`USUAL_SIDES`)
    as they are; any other label, a club, a town or a cause that may say something of the
    person, "other" (numbered from the second, in the labels' alphabetical order: "other-2",
    "other-3"), a word that reads where a side's name goes ("your other account B")."""
    names = {p for p in personas if p}
    sides = {p: p.strip().lower() for p in names if p.strip().lower() in USUAL_SIDES}
    own = sorted(names - sides.keys(), key=lambda p: (p.casefold(), p))
    for number, persona in enumerate(own, start=1):
        sides[persona] = "other" if number == 1 else f"other-{number}"
    return sides


def account_labels(profiles: Sequence[Profile], *, redact: bool) -> dict[str, str]:
    """A readable label for every profile id."""
    labels: dict[str, str] = {}
    # one letter per account across the sides: "personal account A" and "professional
    # account B", never two accounts called "account A" in one report
    for index, profile in enumerate(sorted(profiles, key=letter_order)):
        platform = platform_title(profile.platform)
        if redact:
            letter = _letters(index)
            # a side of the person's own is "other" (:func:`shared_sides`): an account on none
            # is said apart, found by the audit or listed without a side
            name = persona_title(profile.persona) if profile.persona else _sideless(profile)
            labels[profile.id] = f"{name} account {letter} ({platform})"
        else:
            labels[profile.id] = account_label(profile.handle, profile.platform)
    return labels


def _sideless(profile: Profile) -> str:
    return "Found" if profile.discovered_by else "Unlabelled"


def letter_order(profile: Profile) -> tuple[str, str]:
    """The order of a redacted report's letters (persona, then id): a redacted report lists its
    accounts in it, A, B, C…, so a reader finds "account D" where the letters say."""
    return (profile.persona or "~", profile.id)


def account_label(handle: str, platform: str) -> str:
    """An account as the full report names it: its handle and the platform's title
    ("morag-finlay.example.org (Website)")."""
    return f"{marked(_short_handle(handle), strict=True)} ({platform_title(platform)})"


def in_sentence(label: str, redact: bool) -> str:
    """A label as it reads after a verb: a redacted label ("Personal account A (Reddit)")
    begins in lower case there; a handle stays as it is spelt."""
    return label[:1].lower() + label[1:] if redact else label


def at_start(words: str, redact: bool) -> str:
    """Words that begin a sentence: a redacted one begins with a capital ("Personal account A
    …", the opposite of :func:`in_sentence`); one that begins with a handle keeps it as spelt."""
    return words[:1].upper() + words[1:] if redact else words


def _short_handle(handle: str) -> str:
    for prefix in ("https://", "http://"):
        if handle.startswith(prefix):
            handle = handle[len(prefix) :]
    return handle.rstrip("/") or handle


def _letters(index: int) -> str:
    letters = string.ascii_uppercase
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = letters[rem] + out
    return out
