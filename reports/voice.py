"""Who the report's words speak to, or of: every "your" of the report, its headline and the
terminal's summary goes through a :class:`Voice`.

* The person's own report speaks to them: "your personal and professional sides".
* The demo speaks of its invented person by name, to a room that is not that person:
  "Morag's personal and professional sides".
* A redacted report is read by someone else (a line manager, a trainer's audience): it speaks
  of the account holder in the third person: "the personal and professional sides",
  "personal account A (Mastodon)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reports.labels import in_sentence


@dataclass(frozen=True)
class Voice:
    """The words for the person whose accounts the report is about."""

    #: before a side or a kind of account: "your", "Morag's", "the"
    your: str = "your"
    #: of the person, where "the" would not read ("one of the account holder's accounts")
    whose: str = "your"
    #: the person: "you", "Morag", "the account holder"
    you: str = "you"
    #: a possessive standing alone ("if it is yours"): "yours", "Morag's", "the account holder's"
    yours: str = "yours"
    #: the person's own report, read by the person: instructions may be given to them
    own: bool = True
    #: the redacted report: the account holder keeps the full one
    shared: bool = False

    @property
    def Your(self) -> str:
        return _capital(self.your)

    @property
    def title(self) -> str:
        """The report's title: "Can your accounts be linked?"."""
        return f"Can {'these' if self.shared else self.your} accounts be linked?"

    def does(self, you_do: str, they_do: str) -> str:
        """The person doing something, the verb agreeing: "you have", "Tomasz has"."""
        return f"{self.you} {you_do if self.own else they_do}"

    def account(self, side: str, kind: str, label: str) -> str:
        """One of the person's accounts in a sentence: "your personal Mastodon account
        (quietknitter@…)", or redacted (``label`` being the redacted label) "personal account
        A (Mastodon)", a label that says the side already."""
        if self.shared:
            return in_sentence(label, True)
        return f"{self.your} {side} {kind} ({label.rsplit(' (', 1)[0]})"


#: the person's own report
OWN = Voice()

#: a redacted report: the account holder, in the third person
SHARED = Voice(
    your="the",
    whose="the account holder's",
    you="the account holder",
    yours="the account holder's",
    own=False,
    shared=True,
)


def named(name: str) -> Voice:
    """The demo's invented person, by the name the room calls them ("Morag")."""
    possessive = f"{name}'" if name.endswith("s") else f"{name}'s"
    return Voice(your=possessive, whose=possessive, you=name, yours=possessive, own=False)


def voice_for(*, redact: bool, training: bool, owner: str | None) -> Voice:
    """The voice of a report: redacted, the account holder in the third person (a redacted
    demo names nobody either); a demo, its invented person by first name (its accounts file
    says "Morag Finlay (a fictional person)"); else the reader's own."""
    if redact:
        return SHARED
    if training:
        return named(first_name(owner) or "the person")
    return OWN


def first_name(owner: str | None) -> str | None:
    """The first name of a demo's person, from its accounts file's owner ("Morag Finlay (a
    fictional person)" → "Morag"); None when there is none."""
    name = _owner_name(owner)
    return name.split()[0] if name else None


def fictional_note(owner: str | None, redact: bool) -> str:
    """What a demo says beside its headline, large enough to read from the back of a room."""
    name = None if redact else _owner_name(owner)
    who = f"{name} is a fictional person" if name else "The person in this report is fictional"
    return f"{who}, and every account and page in this report is invented."


def _owner_name(owner: str | None) -> str:
    """The name in an accounts file's owner, without what follows it in brackets ("Morag
    Finlay (a fictional person)" → "Morag Finlay"); "" when there is none."""
    return re.sub(r"\s*\(.*\)\s*$", "", owner or "").strip()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
