"""What a platform lets the owner of an account do about it (:class:`Allows`): change its
username, make it private, delete it. The advice keeps to it
(:func:`linkage.evidence.changes.candidate_changes`): a plan that tells a person to rename an
account the platform never renames, or to make private a profile that cannot be, is advice
they cannot follow.

"Private" here is what the remediation contract means by it: a visitor then sees no more than
the account's username (no name, picture, bio, links or posts). A "private" setting that
still shows the name, the picture or the bio (GitHub's, GitLab's, a locked Mastodon account,
a protected X account, a private Instagram one) is not it; there the advice is to delete the
account, which hides at least as much.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Allows:
    """What an account's owner can do to it, for the advice (each platform module says why)."""

    #: the owner can change the username in place (not by moving to a new account that
    #: points back at the old one)
    rename: bool = False
    #: the owner can make the profile private: a visitor then sees no more than its username
    private: bool = False
    #: the owner can delete the account themselves
    delete: bool = False
    #: where only the site can delete the account: whom to write to, to ask
    ask: str | None = None
    #: how making the account private is said, when not "Make … private": the words before
    #: and after the account's name ("Take", " down or put it behind a login" for a website)
    hide_words: tuple[str, str] | None = None
    #: the platforms whose accounts the profile shows as connected and keeps showing once it
    #: is hidden, unless disconnected first (Lobsters' GitHub and Mastodon): the advice to hide
    #: it names those its links show (:func:`linkage.evidence.changes.hide_words`)
    connections: tuple[str, ...] = ()
    #: the profile's links are proofs, each revoked rather than removed (Keybase's)
    proofs: bool = False

    @property
    def hidden(self) -> bool:
        """Whether the account can be hidden at all: made private, or deleted by its owner or
        by the site at their request."""
        return self.private or self.delete or self.ask is not None


#: A platform's default: nothing, unless its module says so.
NOTHING = Allows()

#: A platform the table does not know (an export of an unknown kind): never renamed, and
#: hidden in the words the advice has always used, as "private (or delete it)".
UNKNOWN = Allows(private=True, delete=True)
