"""The platform table: what a platform *is*, apart from how its data is fetched.

One :class:`Platform` per platform: its name (the ``PLATFORM`` of a ``PLATFORM:NAME`` handle),
its title for people, its kind (``api``: a collector reads it; ``web``: any website;
``archive``: only an export archive is read), its handle rules (:meth:`Platform.normalise`, a
hint for error messages, the username pattern the sweep uses), the profile address of a handle
(:meth:`Platform.profile_url`) and the handle a profile address names (:meth:`Platform.from_url`).

It is the one source that the collectors (``collectors/<platform>.py`` keep only *what to
fetch and how to read it*), the handle parser (:mod:`linkage.handles`), the signals, the
username sweep's built-in list and the report's labels read. Pure: no network, no collectors.
To add a platform, add its rules here and its collector in ``collectors/``.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit, urlunsplit

#: What reads a platform: a collector (``api``), the web collector (``web``), or only an
#: importer for its export archive (``archive``).
KINDS = ("api", "web", "archive")
#: The kinds of data export the importers read (``collectors/archives``, one module each; a
#: test keeps the two in step), as an accounts file may name them.
ARCHIVE_KINDS = (
    "facebook-export",
    "instagram-export",
    "linkedin-export",
    "mastodon-archive",
    "reddit-export",
    "x-archive",
)


def _plain(title: str, hint: str) -> Callable[[str], str]:
    def normalise(name: str) -> str:
        name = name.strip()
        if not name or any(ch.isspace() for ch in name):
            raise ValueError(f"'{name}' is not a {title} handle (expected {hint})")
        return name

    return normalise


def _none(_: str) -> None:
    return None


@dataclass(frozen=True)
class Platform:
    """One platform's identity. ``normalise`` raises ``ValueError`` (with a reason) for a
    malformed handle; ``from_url`` returns None for an address that is not this platform's."""

    name: str
    title: str
    kind: str
    handle_hint: str = "NAME"
    normalise: Callable[[str], str] = None  # type: ignore[assignment]
    from_url: Callable[[str], str | None] = _none
    profile_url: Callable[[str], str | None] = _none
    #: The username rule as a regular expression (for the sweep's list), where there is one.
    username_pattern: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: kind must be one of {KINDS}")
        if self.normalise is None:
            object.__setattr__(self, "normalise", _plain(self.title, self.handle_hint))


def _split(url: str) -> Any:
    try:
        return urlsplit(url.strip())
    except (ValueError, AttributeError):
        return None


# -- GitHub -------------------------------------------------------------------------------------

GITHUB_SITE = "https://github.com"
#: A GitHub login: 1 to 39 letters, digits and single hyphens, not starting or ending with one.
GITHUB_LOGIN = r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"
_LOGIN = re.compile(GITHUB_LOGIN)
_RESERVED_WORDS = (
    "about account apps blog codespaces collections contact copilot customer-stories "
    "dashboard enterprise enterprises events explore features gist github issues join login "
    "logout marketplace new notifications organizations orgs pricing pulls readme search "
    "security sessions settings signup site sponsors stars team teams topics trending users "
    "watching"
)
#: First path segments on github.com that are pages, not people.
GITHUB_RESERVED = frozenset(_RESERVED_WORDS.split())


def valid_login(name: str) -> bool:
    return bool(_LOGIN.fullmatch(name))


def _github_normalise(name: str) -> str:
    name = name.strip().removeprefix("@")
    if not valid_login(name):
        raise ValueError(
            f"'{name[:60]}' is not a GitHub username (1 to 39 letters, digits and single "
            "hyphens, not starting or ending with a hyphen)"
        )
    return name.lower()


def _github_from_url(url: str) -> str | None:
    try:
        parts = urlsplit(url.strip() if "://" in url else f"https://{url.strip()}")
        host = (parts.hostname or "").lower()
    except (ValueError, AttributeError):
        return None
    if parts.scheme not in ("http", "https") or host not in ("github.com", "www.github.com"):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if not segments or segments[0].lower() in GITHUB_RESERVED or not valid_login(segments[0]):
        return None
    return segments[0]


GITHUB = Platform(
    "github",
    "GitHub",
    "api",
    "a GitHub username such as octocat",
    _github_normalise,
    _github_from_url,
    lambda name: f"{GITHUB_SITE}/{name}",
    username_pattern=f"^{GITHUB_LOGIN}$",
)


# -- Mastodon (and the fediverse) ---------------------------------------------------------------

_FEDI_USER = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_NOT_FEDIVERSE = "medium.com youtube.com tiktok.com threads.net threads.com substack.com figma.com"
#: Sites whose ``/@name`` addresses are not fediverse accounts.
NOT_FEDIVERSE = frozenset(f"{_NOT_FEDIVERSE} producthunt.com replit.com hashnode.com".split())


def split_handle(name: str) -> tuple[str, str]:
    """``@alice@example.social`` / ``alice@example.social`` → ``("alice", "example.social")``."""
    text = re.sub(r"^(?:acct:)?@?", "", (name or "").strip(), flags=re.I)
    user, sep, domain = text.partition("@")
    if not sep or not user or not domain:
        raise ValueError(f"'{name}' is not a Mastodon handle (expected @user@server.example)")
    if not _FEDI_USER.fullmatch(user):
        raise ValueError(f"'{user}' is not a valid fediverse username")
    try:
        host = domain.strip().rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValueError(f"'{domain}' is not a valid server name") from None
    labels = host.split(".")
    if len(labels) < 2 or len(host) > 253 or not all(_LABEL.fullmatch(lb) for lb in labels):
        raise ValueError(f"'{domain}' is not a valid server name")
    return user, host


def _mastodon_normalise(name: str) -> str:
    user, domain = split_handle(name)
    return f"{user.lower()}@{domain}"


def _mastodon_from_url(url: str) -> str | None:
    with contextlib.suppress(ValueError, TypeError):
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        if parts.scheme.lower() in ("http", "https") and not any(
            host == h or host.endswith("." + h) for h in NOT_FEDIVERSE
        ):
            match = re.fullmatch(r"/@([^/@]+)(?:@([^/@]+))?/?", parts.path)
            return "{}@{}".format(*split_handle(f"{match[1]}@{match[2] or host}"))  # type: ignore[index]
    return None


def _mastodon_profile_url(name: str) -> str | None:
    user, _, domain = name.partition("@")
    return f"https://{domain}/@{user}" if domain else None


MASTODON = Platform(
    "mastodon",
    "Mastodon",
    "api",
    "@user@server.example",
    _mastodon_normalise,
    _mastodon_from_url,
    _mastodon_profile_url,
)


# -- Reddit -------------------------------------------------------------------------------------

REDDIT_WWW = "https://www.reddit.com"
REDDIT_NAME = re.compile(r"[A-Za-z0-9_-]{1,32}")
REDDIT_PREFIX = re.compile(r"^/?(?:u|user)/", re.I)
_REDDIT_HOSTS = {
    "reddit.com",
    "www.reddit.com",
    "old.reddit.com",
    "new.reddit.com",
    "np.reddit.com",
}


def _reddit_normalise(name: str) -> str:
    raw = name.strip()
    cleaned = REDDIT_PREFIX.sub("", raw).strip("/")
    if not REDDIT_NAME.fullmatch(cleaned):
        raise ValueError(
            f"'{raw}' is not a Reddit username (letters, digits, '_' and '-'; "
            "for example reddit:alice or reddit:u/alice)"
        )
    return cleaned.lower()


def _reddit_from_url(url: str) -> str | None:
    parts = _split(url)
    if parts is None or (parts.hostname or "").lower() not in _REDDIT_HOSTS:
        return None
    match = re.match(r"^/(?:u|user)/([A-Za-z0-9_-]{1,32})(?:/|$)", parts.path)
    return match.group(1) if match else None


REDDIT = Platform(
    "reddit",
    "Reddit",
    "api",
    "reddit:NAME or reddit:u/NAME",
    _reddit_normalise,
    _reddit_from_url,
    lambda name: f"{REDDIT_WWW}/user/{quote(name)}",
    username_pattern=f"^{REDDIT_NAME.pattern}$",
)


# -- Bluesky ------------------------------------------------------------------------------------

_DID = re.compile(r"did:(?:plc:[a-z2-7]{24}|web:[a-z0-9.%:-]+)")


def is_handle(text: str) -> bool:
    """A syntactically valid atproto handle (a domain name with a letter-first TLD)."""
    labels = text.split(".")
    return (
        len(labels) >= 2
        and len(text) <= 253
        and all(_LABEL.fullmatch(label) for label in labels)
        and labels[-1][0].isalpha()
    )


def normalise_actor(name: str) -> str:
    """``@Alice.bsky.social`` → ``alice.bsky.social``; DIDs kept. ``ValueError`` if neither."""
    text = (name or "").strip().removeprefix("at://").removeprefix("@").rstrip("/").lower()
    if _DID.fullmatch(text) or is_handle(text):
        return text
    raise ValueError(
        f"'{name}' is not a Bluesky handle (expected alice.bsky.social or a did:plc:…)"
    )


def _bluesky_from_url(url: str) -> str | None:
    with contextlib.suppress(ValueError):
        parts = urlsplit(url.strip())
        match = re.fullmatch(r"/profile/([^/]+)/?", parts.path)
        if parts.scheme in ("http", "https") and parts.hostname in ("bsky.app", "www.bsky.app"):
            return normalise_actor(unquote(match[1])) if match else None
    return None


BLUESKY = Platform(
    "bluesky",
    "Bluesky",
    "api",
    "alice.bsky.social or did:plc:…",
    normalise_actor,
    _bluesky_from_url,
    lambda name: f"https://bsky.app/profile/{name}",
)


# -- dev.to -------------------------------------------------------------------------------------

DEVTO_SITE = "https://dev.to"
_DEVTO_USERNAME = re.compile(r"^[a-z0-9_]{1,30}$")
#: First path segments on dev.to that are pages, not people.
DEVTO_RESERVED = frozenset(
    [
        "api",
        "t",
        "tags",
        "search",
        "top",
        "latest",
        "enter",
        "settings",
        "about",
        "privacy",
        "terms",
        "code-of-conduct",
        "faq",
        "sponsors",
        "shop",
        "pod",
        "podcasts",
        "videos",
        "listings",
        "dashboard",
        "notifications",
        "readinglist",
        "new",
        "series",
        "contact",
        "feed",
        "signout_confirm",
        "users",
        "admin",
    ]
)


def _devto_normalise(name: str) -> str:
    name = (name or "").strip().lstrip("@").lower()
    if not _DEVTO_USERNAME.match(name) or name in DEVTO_RESERVED:
        raise ValueError("dev.to usernames are up to 30 letters, digits and '_'")
    return name


def _devto_from_url(url: str) -> str | None:
    parts = _split(url)
    if parts is None or (parts.hostname or "").lower() not in ("dev.to", "www.dev.to"):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) != 1:
        return None
    name = segments[0].lstrip("@").lower()
    return name if _DEVTO_USERNAME.match(name) and name not in DEVTO_RESERVED else None


DEVTO = Platform(
    "devto",
    "dev.to",
    "api",
    "a dev.to username, e.g. alice",
    _devto_normalise,
    _devto_from_url,
    lambda name: f"{DEVTO_SITE}/{name}",
    username_pattern=_DEVTO_USERNAME.pattern,
)


# -- Gravatar -----------------------------------------------------------------------------------

GRAVATAR_HASH = re.compile(r"^(?:[0-9a-f]{32}|[0-9a-f]{64})$")
_GRAVATAR_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_AVATAR_PATH = re.compile(
    r"^/avatar/([0-9a-fA-F]{32}|[0-9a-fA-F]{64})(?:\.(?:jpe?g|png|gif|webp))?/?$"
)
#: First path segments on gravatar.com that are pages, not profiles.
GRAVATAR_RESERVED = frozenset(
    [
        "avatar",
        "profile",
        "profiles",
        "site",
        "sites",
        "connect",
        "support",
        "blog",
        "about",
        "developers",
        "login",
        "signup",
        "emails",
        "images",
        "css",
        "js",
        "v3",
        "userimage",
    ]
)
_GRAVATAR_HINT = "an email address, its SHA-256 or MD5 hash, or a Gravatar profile name"


def email_hash(address: str) -> str:
    """Gravatar's hash of an email address: trimmed, lower-cased, SHA-256 hex."""
    import hashlib  # here: loading OpenSSL costs tens of ms, and most runs never hash

    return hashlib.sha256(address.strip().lower().encode("utf-8")).hexdigest()


def is_gravatar_host(host: str | None) -> bool:
    host = (host or "").lower().rstrip(".")
    return host == "gravatar.com" or host.endswith(".gravatar.com")


def gravatar_hash(url: Any) -> str | None:
    """The email hash in a Gravatar picture address (MD5 or SHA-256 hex), or None.

    Equal hashes on two accounts mean the same email address was used for both, which is
    strong linking evidence; the hash is never reversed.
    """
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(html.unescape(url.strip()))
        host = parts.hostname
    except ValueError:
        return None
    if not is_gravatar_host(host):
        return None
    match = _AVATAR_PATH.match(parts.path)
    return match.group(1).lower() if match else None


def gravatar_slug(url: Any) -> str | None:
    """The profile name in a gravatar.com profile address, or None."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if not is_gravatar_host(parts.hostname):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) != 1:
        return None
    slug = segments[0].lower()
    if slug in GRAVATAR_RESERVED or not _GRAVATAR_SLUG.match(slug):
        return None
    return slug


def _gravatar_normalise(name: str) -> str:
    name = (name or "").strip()
    if name.lower().startswith("mailto:"):
        name = name[7:].strip()
    if "@" in name:
        if not _EMAIL.match(name):
            raise ValueError("that is not a complete email address")
        return email_hash(name)
    lowered = name.lower()
    if GRAVATAR_HASH.match(lowered):
        return lowered
    if _GRAVATAR_SLUG.match(lowered) and lowered not in GRAVATAR_RESERVED:
        return lowered
    raise ValueError(f"expected {_GRAVATAR_HINT}")


GRAVATAR = Platform(
    "gravatar",
    "Gravatar",
    "api",
    _GRAVATAR_HINT,
    _gravatar_normalise,
    lambda url: gravatar_hash(url) or gravatar_slug(url),
    lambda name: f"https://gravatar.com/{name}",
)


# -- Hacker News --------------------------------------------------------------------------------

HACKERNEWS_SITE = "https://news.ycombinator.com"
_HN_NAME = re.compile(r"[A-Za-z0-9_-]{1,32}")


def _hackernews_normalise(name: str) -> str:
    raw = name.strip()
    if not _HN_NAME.fullmatch(raw):
        raise ValueError(f"'{raw}' is not a Hacker News username (letters, digits, '_' and '-')")
    return raw


def _hackernews_from_url(url: str) -> str | None:
    parts = _split(url)
    if parts is None:
        return None
    if (parts.hostname or "").lower() != "news.ycombinator.com" or parts.path != "/user":
        return None
    values = parse_qs(parts.query).get("id") or []
    return values[0] if values and _HN_NAME.fullmatch(values[0]) else None


HACKERNEWS = Platform(
    "hackernews",
    "Hacker News",
    "api",
    "hackernews:NAME",
    _hackernews_normalise,
    _hackernews_from_url,
    lambda name: f"{HACKERNEWS_SITE}/user?id={quote(name)}",
    username_pattern=f"^{_HN_NAME.pattern}$",
)


# -- Keybase ------------------------------------------------------------------------------------

KEYBASE_SITE = "https://keybase.io"
_KEYBASE_NAME = re.compile(r"[A-Za-z0-9_]{1,32}")
_KEYBASE_RESERVED = {
    "docs",
    "blog",
    "download",
    "account",
    "login",
    "signup",
    "team",
    "jobs",
    "inv",
}


def _keybase_normalise(name: str) -> str:
    raw = name.strip()
    cleaned = raw.removeprefix("@")
    if not _KEYBASE_NAME.fullmatch(cleaned):
        raise ValueError(f"'{raw}' is not a Keybase username (letters, digits and '_')")
    return cleaned.lower()


def _keybase_from_url(url: str) -> str | None:
    parts = _split(url)
    if parts is None or (parts.hostname or "").lower() not in ("keybase.io", "www.keybase.io"):
        return None
    match = re.fullmatch(r"/([A-Za-z0-9_]{1,32})/?", parts.path)
    if not match or match.group(1).startswith("_") or match.group(1).lower() in _KEYBASE_RESERVED:
        return None
    return match.group(1)


KEYBASE = Platform(
    "keybase",
    "Keybase",
    "api",
    "keybase:NAME",
    _keybase_normalise,
    _keybase_from_url,
    lambda name: f"{KEYBASE_SITE}/{quote(name)}",
    username_pattern=f"^{_KEYBASE_NAME.pattern}$",
)


# -- Lobsters -----------------------------------------------------------------------------------

LOBSTERS_HOST = "lobste.rs"
LOBSTERS_BASE = f"https://{LOBSTERS_HOST}"
_LOBSTERS_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$")


def _lobsters_normalise(name: str) -> str:
    name = (name or "").strip()
    for prefix in ("~", "@", "u/", "/u/"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    if not _LOBSTERS_USERNAME.match(name):
        raise ValueError(
            "Lobsters usernames are letters, digits, '_' and '-', starting with a letter or digit"
        )
    return name


def _lobsters_from_url(url: str) -> str | None:
    parts = _split(url)
    if parts is None or (parts.hostname or "").lower() not in (
        LOBSTERS_HOST,
        "www." + LOBSTERS_HOST,
    ):
        return None
    match = re.match(r"^/(?:~|u/|%7[Ee])([A-Za-z0-9][A-Za-z0-9_-]{0,49})/?$", parts.path)
    return match.group(1) if match else None


LOBSTERS = Platform(
    "lobsters",
    "Lobsters",
    "api",
    "a Lobsters username, e.g. alice",
    _lobsters_normalise,
    _lobsters_from_url,
    lambda name: f"{LOBSTERS_BASE}/~{name}",
    username_pattern=_LOBSTERS_USERNAME.pattern,
)


# -- Stack Exchange -----------------------------------------------------------------------------

SE_SHORT = {
    "stackoverflow": "stackoverflow.com",
    "superuser": "superuser.com",
    "serverfault": "serverfault.com",
    "askubuntu": "askubuntu.com",
    "stackapps": "stackapps.com",
    "mathoverflow": "mathoverflow.net",
}
_SE_ROOTS = (*SE_SHORT.values(), "stackexchange.com")
_SE_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_SE_HANDLE = re.compile(r"^(?P<site>[^/\s]+)/(?:users/)?(?P<id>\d{1,10})(?:/[^/\s]*)?/?$")
_SE_HINT = "SITE/USERID, e.g. stackoverflow.com/12345 or math/678"


def site_domain(site: str) -> str | None:
    """The site's domain for a domain or API site name (``math`` → ``math.stackexchange.com``)."""
    if not isinstance(site, str):
        return None
    s = re.sub(r"^https?://", "", site.strip().lower().rstrip("."))
    s = s.split("/", 1)[0].removeprefix("www.")
    labels = s.split(".")
    if not s or not all(_SE_LABEL.match(label) for label in labels) or len(labels) > 5:
        return None
    if s == "stackexchange.com":
        return None  # the network's own pages; user ids there are account ids
    if any(s == root or s.endswith("." + root) for root in _SE_ROOTS):
        return s
    if s in SE_SHORT:
        return SE_SHORT[s]
    if len(labels) > 3:
        return None
    if labels[-1] in SE_SHORT:  # ru.stackoverflow, meta.superuser, meta.mathoverflow
        return f"{s}.{SE_SHORT[labels[-1]].rsplit('.', 1)[1]}"
    return f"{s}.stackexchange.com"


def split_name(name: str) -> tuple[str, str]:
    """``stackoverflow.com/12345`` → ``("stackoverflow.com", "12345")``."""
    domain, _, uid = name.rpartition("/")
    return domain, uid


def _se_normalise(name: str) -> str:
    raw = (name or "").strip()
    match = _SE_HANDLE.match(raw)
    if not match:
        raise ValueError(f"expected {_SE_HINT}")
    domain = site_domain(match.group("site"))
    if domain is None:
        raise ValueError(f"'{match.group('site')}' is not a Stack Exchange site")
    uid = int(match.group("id"))
    if uid <= 0:
        raise ValueError("the user id must be a positive number")
    return f"{domain}/{uid}"


def _se_from_url(url: str) -> str | None:
    parts = _split(url)
    if parts is None:
        return None
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if not any(host == root or host.endswith("." + root) for root in _SE_ROOTS):
        return None
    domain = site_domain(host)
    match = re.match(r"^/users/(\d{1,10})(?:/[^/]*)?/?$", parts.path)
    if domain is None or not match or int(match.group(1)) <= 0:
        return None
    return f"{domain}/{int(match.group(1))}"


def _se_profile_url(name: str) -> str | None:
    domain, uid = split_name(name)
    return f"https://{domain}/users/{uid}"


STACKEXCHANGE = Platform(
    "stackexchange",
    "Stack Exchange",
    "api",
    _SE_HINT,
    _se_normalise,
    _se_from_url,
    _se_profile_url,
)


# -- Websites -----------------------------------------------------------------------------------

_WEB_HINT = "a web address such as https://alice.example.org/"


def _web_normalise(name: str) -> str:
    raw = (name or "").strip()
    if not raw or any(ch.isspace() for ch in raw):
        raise ValueError(f"'{raw}' is not a web address (expected {_WEB_HINT})")
    if "://" not in raw:
        if ":" in raw.split("/")[0] and not raw.split("/")[0].rsplit(":", 1)[1].isdigit():
            raise ValueError(f"'{raw}' is not an http or https address")
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"'{raw}' is not a web address ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"'{raw}' is not an http or https address")
    if not host or ("." not in host and host != "localhost" and ":" not in host):
        raise ValueError(f"'{raw}' has no host name (expected {_WEB_HINT})")
    if parts.username or parts.password:
        raise ValueError(f"'{raw}' carries a user name or password; leave those out")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def web_handle(url: str) -> str:
    """The short handle shown for a website: host and path, without the scheme."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/")


#: Any website; the handle parser falls back to it for addresses no other platform names.
WEB = Platform("web", "Website", "web", _WEB_HINT, _web_normalise, _none, lambda name: name)


# -- Platforms read only from export archives ---------------------------------------------------

X = Platform("x", "X", "archive", "an X (Twitter) username")
LINKEDIN = Platform("linkedin", "LinkedIn", "archive", "a LinkedIn profile name")
FACEBOOK = Platform("facebook", "Facebook", "archive", "a Facebook profile name")
INSTAGRAM = Platform("instagram", "Instagram", "archive", "an Instagram username")


# -- the table ----------------------------------------------------------------------------------

PLATFORMS: dict[str, Platform] = {
    p.name: p
    for p in sorted(
        (
            GITHUB,
            MASTODON,
            REDDIT,
            BLUESKY,
            DEVTO,
            GRAVATAR,
            HACKERNEWS,
            KEYBASE,
            LOBSTERS,
            STACKEXCHANGE,
            WEB,
            X,
            LINKEDIN,
            FACEBOOK,
            INSTAGRAM,
        ),
        key=lambda p: p.name,
    )
}


def get(name: str) -> Platform | None:
    """The platform called ``name`` (any case), or None."""
    return PLATFORMS.get((name or "").lower())


def handle_platforms() -> list[Platform]:
    """The platforms a handle may name (those a collector reads), in name order."""
    return [p for p in PLATFORMS.values() if p.kind != "archive"]


def title(name: str) -> str:
    """The title people know a platform by; a tidy guess for names not in the table."""
    platform = get(name)
    if platform is not None:
        return platform.title
    return name.replace("-", " ").title() if name else "Unknown"


def account_of(url: str) -> tuple[str, str] | None:
    """``(platform, handle)`` of the account a profile address names (handle normalised), or
    None when no platform (websites aside) recognises it."""
    for platform in handle_platforms():
        if platform.kind == "web":
            continue
        try:
            name = platform.from_url(url)
            if name:
                return platform.name, platform.normalise(name)
        except (ValueError, TypeError, AttributeError, IndexError):
            continue  # a platform that cannot read the address does not own it
    return None
