"""The records that cross stage boundaries: profiles, posts, avatars, evidence and links.

They follow the contract (``shared/spec/CONTRACT.md``) field for field. Readers ignore
fields they do not know and treat missing optional fields as empty; writers emit every
contract field so that other tools can rely on them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from linkage.status import COLLECTED, Status


@dataclass
class Post:
    """One piece of public writing by an account."""

    text: str
    created_at: str | None = None
    url: str | None = None


@dataclass
class Avatar:
    """A profile picture: where it is, and its hashes once computed."""

    url: str | None = None
    path: str | None = None
    sha256: str | None = None
    phash: str | None = None
    dhash: str | None = None
    default: bool = False  # extension: a platform's default picture (no evidence)
    thumbnail: str | None = None  # extension: a small data: URI of the picture, for the report


@dataclass(init=False)
class Collected:
    """Provenance of a profile record, and what happened when it was collected.

    ``status`` is typed (:mod:`linkage.status`); on disk it is the contract's ``error`` field
    (null, or ``"<kind>: <reason>"``), which :attr:`error` gives. ``error=`` in the constructor
    takes that text (read with :meth:`Status.from_error`) for callers that hold it; new code
    passes ``status=``. ``error`` cannot be assigned: set ``status``.
    """

    collector: str
    at: str
    source: str | None = None
    status: Status = COLLECTED

    def __init__(
        self,
        collector: str,
        at: str,
        source: str | None = None,
        status: Status = COLLECTED,
        *,
        error: str | None = None,
    ) -> None:
        if error is not None and status is not COLLECTED:
            raise ValueError("give a status or an error text, not both")
        self.collector = collector
        self.at = at
        self.source = source
        self.status = Status.from_error(error) if error is not None else status

    @property
    def error(self) -> str | None:
        return self.status.error

    def to_dict(self) -> dict[str, Any]:
        return {
            "collector": self.collector,
            "at": self.at,
            "source": self.source,
            "error": self.status.error,
        }


@dataclass
class Profile:
    """One account, as the contract's profile record."""

    id: str
    platform: str
    handle: str
    url: str | None = None
    persona: str | None = None
    display_name: str | None = None
    bio: str | None = None
    location: str | None = None
    links: list[str] = field(default_factory=list)
    #: extension: links the platform itself verified (Mastodon verified_at, Keybase proofs)
    verified_links: list[str] = field(default_factory=list)
    avatar: Avatar | None = None
    created_at: str | None = None
    posts: list[Post] = field(default_factory=list)
    collected: Collected | None = None
    #: extension: how an account the user did not list was found (a link, a username sweep)
    discovered_by: str | None = None

    @property
    def status(self) -> Status:
        """What happened when the account was collected (collected when not recorded)."""
        return self.collected.status if self.collected is not None else COLLECTED

    @property
    def ok(self) -> bool:
        """Collected, in whole or in part (a partial profile is linked and shown as collected;
        ``status.complete`` tells the two apart)."""
        return self.status.ok

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["collected"] = self.collected.to_dict() if self.collected is not None else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        """Build a profile from a parsed JSON object, ignoring unknown fields.

        Raises ``ValueError`` with a short reason when a required field is missing or a
        field has the wrong type.
        """
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        for key in ("id", "platform", "handle"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise ValueError(f"the required field '{key}' is missing or not a string")
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["links"] = [str(u) for u in _as_list(values.get("links"), "links")]
        values["verified_links"] = [
            str(u) for u in _as_list(values.get("verified_links"), "verified_links")
        ]
        values["posts"] = [_post(p) for p in _as_list(values.get("posts"), "posts")]
        values["avatar"] = _avatar(values.get("avatar"))
        values["collected"] = _collected(values.get("collected"))
        for key in (
            "url",
            "persona",
            "display_name",
            "bio",
            "location",
            "created_at",
            "discovered_by",
        ):
            value = values.get(key)
            if value is not None and not isinstance(value, str):
                raise ValueError(f"the field '{key}' should be a string or null")
        return cls(**values)


def _as_list(value: Any, name: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"the field '{name}' should be a list")
    return value


def _pick(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    known = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in known}


def _post(data: Any) -> Post:
    if isinstance(data, str):
        return Post(text=data)
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise ValueError("each post should be an object with a 'text' string")
    return Post(**_pick(Post, data))


def _avatar(data: Any) -> Avatar | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ValueError("the field 'avatar' should be an object or null")
    return Avatar(**_pick(Avatar, data))


def _collected(data: Any) -> Collected | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ValueError("the field 'collected' should be an object or null")
    error = data.get("error")
    if error is not None and not isinstance(error, str):
        raise ValueError("the field 'collected.error' should be a string or null")
    return Collected(
        collector=str(data.get("collector") or "unknown"),
        at=str(data.get("at") or ""),
        source=data["source"] if isinstance(data.get("source"), str) else None,
        status=Status.from_error(error),
    )


#: The kind of evidence that the two values differ (unrelated usernames), whatever it weighs:
#: it may count for the pair (one person keeps their sides apart), but it is no clue that ties
#: them, and is never given as one.
DIFFERENT = "different"
#: The kind of evidence that the two values are one and the same (one username on both): said
#: as "the same username", not as a likeness.
SAME = "same"


@dataclass
class Evidence:
    """One signal's contribution to a link: a match weight in bits and a sentence."""

    signal: str
    match_weight: float
    detail: str
    values: tuple[str, str] | None = None  # extension: the compared values, for the report
    #: extension: evidence anyone reading the profiles follows (a link or handle naming the
    #: other account, a verified link, the same picture file); see linkage.evidence.weights
    followable: bool = False
    #: extension: which of its signal's levels the evidence is (a cross-link's ``verified``,
    #: ``mutual``, ``one_way``, ``shared_site`` or ``mention``; :data:`DIFFERENT`), for the
    #: reason said about it
    kind: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "signal": self.signal,
            "match_weight": round(self.match_weight, 4),
            "detail": self.detail,
        }
        if self.values is not None:
            out["values"] = list(self.values)
        if self.followable:
            out["followable"] = True
        if self.kind is not None:
            out["kind"] = self.kind
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        values = data.get("values")
        return cls(
            signal=str(data["signal"]),
            match_weight=float(data["match_weight"]),
            detail=str(data.get("detail") or ""),
            values=tuple(values) if isinstance(values, list) and len(values) == 2 else None,
            followable=data.get("followable") is True,
            kind=str(data["kind"]) if isinstance(data.get("kind"), str) else None,
        )


@dataclass
class Link:
    """The scored pair of two profiles, as the contract's link record."""

    a: str
    b: str
    probability: float
    match_weight: float
    evidence: list[Evidence] = field(default_factory=list)
    #: extension: the accounts in between when the pair's probability comes from a chain
    #: through them (the route an outsider walks from ``a`` to ``b``); empty when direct
    via: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "a": self.a,
            "b": self.b,
            "probability": round(self.probability, 6),
            "match_weight": round(self.match_weight, 4),
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.via:
            out["via"] = list(self.via)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Link:
        return cls(
            a=str(data["a"]),
            b=str(data["b"]),
            probability=float(data["probability"]),
            match_weight=float(data["match_weight"]),
            evidence=[Evidence.from_dict(e) for e in data.get("evidence") or []],
            via=[str(x) for x in data.get("via") or [] if isinstance(x, str)],
        )
