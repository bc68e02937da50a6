"""Keybase: the public profile and its proofs (cryptographically verified cross-links).

One call to ``user/lookup.json``. Keybase has no public writing, so ``posts`` stays empty.
Every proof's address goes into ``links``; the verified ones are also returned by
:func:`verified_links` (and stored in the record's ``verified_links`` field when the record
has one).

Checked against Keybase's ``user/lookup.json`` answers, 2026-12: failures come as a ``status``
object (``code``/``name``) with 200 or 4xx; ``them`` may be ``[null]`` for an unknown name;
``profile`` fields (``full_name``, ``bio``, ``location``) may be null; proofs carry
``service_url`` (or a ``proof_type`` and ``nametag``) and ``state`` (1, or none given, counts as
verified).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from collectors import read
from collectors.base import CollectContext, Collector, iso_from_epoch
from collectors.errors import BadResponse, NotFound
from collectors.http import Response
from collectors.http.status_words import status_failure, unreadable
from collectors.text import clip, tidy, unique_links, urls_in_text
from linkage.records import Profile

SITE = "https://keybase.io"
LOOKUP = f"{SITE}/_/api/1.0/user/lookup.json"
FIELDS = "basics,profile,proofs_summary,pictures"
NOT_FOUND_CODES = {205}
#: where a proof without a ``service_url`` points, by proof type
_SERVICE = {
    "twitter": "https://x.com/{}",
    "github": "https://github.com/{}",
    "reddit": "https://www.reddit.com/user/{}",
    "hackernews": "https://news.ycombinator.com/user?id={}",
    "generic_web_site": "https://{}",
    "dns": "https://{}",
    "facebook": "https://facebook.com/{}",
}


# --- pure parsing -------------------------------------------------------------------------


def x_form(url: str) -> str:
    """twitter.com addresses in the x.com form, so one account has one address."""
    return re.sub(
        r"^(https?://)(?:www\.|mobile\.)?(?:twitter|x)\.com(?=/|$)", r"\1x.com", url, flags=re.I
    )


def parse_lookup(body: Any, name: str) -> dict[str, Any]:
    """The user object (``them[0]``) of a lookup answer; NotFound / BadResponse otherwise."""
    missing = NotFound(f"Keybase has no user called '{name}'. Check the spelling of the handle.")
    if body is None:
        raise missing
    if not isinstance(body, dict):
        raise unreadable("Keybase", f"the profile of '{name}'")
    status = read.as_dict(body.get("status"))
    code = status.get("code")
    if code is not None and code != 0:
        label = str(status.get("name") or status.get("desc") or code)
        if (type(code) is int and code in NOT_FOUND_CODES) or "NOT_FOUND" in label.upper():
            raise missing
        raise BadResponse(f"Keybase could not look up '{name}'; try again later ({label}).")
    them = body.get("them")
    if them is None or them == [] or them == [None]:
        raise missing
    user = them[0] if isinstance(them, list) else them
    if not isinstance(user, dict):
        raise unreadable("Keybase", f"the profile of '{name}'")
    return user


def proofs(user: Any) -> list[dict[str, Any]]:
    """The proof entries of a user object, whatever shape the summary arrives in."""
    summary = read.as_dict(read.as_dict(user).get("proofs_summary"))
    entries = summary.get("all")
    return [p for p in entries if isinstance(p, dict)] if isinstance(entries, list) else []


def proof_url(proof: dict[str, Any]) -> str | None:
    """The address a proof vouches for (``service_url``, or one built from its nametag)."""
    url = read.text(proof.get("service_url"))
    if url and url.lower().startswith("dns://"):
        url = "https://" + url[6:]
    if url is None:
        kind, tag = read.text(proof.get("proof_type")), read.text(proof.get("nametag"))
        template = _SERVICE.get(kind.lower()) if kind else None
        if template is None or tag is None or any(ch.isspace() for ch in tag):
            return None
        url = template.format(tag.strip())
    return x_form(url.strip())


def verified_links(them_json: Any) -> list[str]:
    """Addresses of the proofs Keybase reports as verified (``state`` 1, or no state given)."""
    urls = []
    for proof in proofs(them_json):
        state = proof.get("state", 1)
        if state is None or (state == 1 and not isinstance(state, bool)):
            urls.append(proof_url(proof))
    return unique_links(urls)


def parse_user(user: Any, name: str) -> dict[str, Any]:
    """Profile fields from a user object."""
    user = read.as_dict(user)
    basics, profile = read.as_dict(user.get("basics")), read.as_dict(user.get("profile"))
    handle = read.text(basics.get("username")) or name
    bio = tidy(read.text(profile.get("bio")) or "")
    full_name = tidy(read.text(profile.get("full_name")) or "")
    location = tidy(read.text(profile.get("location")) or "")
    avatar = read.text(read.as_dict(read.as_dict(user.get("pictures")).get("primary")).get("url"))
    ctime = basics.get("ctime")
    valid_time = type(ctime) in (int, float) and 0 < ctime < 1e11
    return {
        "handle": handle,
        "display_name": clip(full_name, 500) or None,
        "bio": clip(bio) or None,
        "location": clip(location, 500) or None,
        "links": unique_links(
            [proof_url(p) for p in proofs(user)] + [x_form(u) for u in urls_in_text(bio)]
        ),
        "created_at": iso_from_epoch(ctime) if valid_time else None,
        "avatar_url": avatar.strip() if avatar else None,
    }


# --- fetching ------------------------------------------------------------------------------


class KeybaseCollector(Collector):
    platform = "keybase"

    def collect(self, name: str, ctx: CollectContext) -> Profile:
        name = self.normalise(name)
        params = {"usernames": name, "fields": FIELDS}
        response = ctx.http.get(LOOKUP, params=params)
        user = parse_lookup(_json(response, name), name)
        values = parse_user(user, name)
        avatar = ctx.avatar(values.pop("avatar_url"), discovered=True)
        values["verified_links"] = verified_links(user)
        return self.record(
            name,
            source=f"{LOOKUP}?usernames={quote(name)}",
            url=self.profile_url(values["handle"].lower()),
            avatar=avatar,
            **values,
        )


def _json(response: Response, name: str) -> Any:
    if response.status == 404:
        raise NotFound(f"Keybase has no user called '{name}'. Check the spelling of the handle.")
    if response.status != 200:
        failure = status_failure("Keybase", response.status, f"the account '{name}'")
        try:
            body = response.json()
        except BadResponse:
            raise failure from None
        if isinstance(body, dict) and isinstance(body.get("status"), dict):
            return body  # Keybase explains failures in its status object
        raise failure
    return response.json()


COLLECTOR = KeybaseCollector()
