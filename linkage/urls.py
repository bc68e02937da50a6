"""Web addresses in one canonical form, so that two spellings of one address compare equal.

Pure: the collectors use it to de-duplicate the links they read, the signals and remediation to
compare them.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import idna

from linkage.read_memory import Kept

_TRACKING = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|twclid|mc_cid|mc_eid"
    r"|igshid|igsh|ref_src|ref_url|si|_hsenc|_hsmi|mkt_tok)$",
    re.I,
)
_TRACKING_X = re.compile(_TRACKING.pattern.replace("^(", "^(s|t|"), re.I)  # x.com share links
_X_HOSTS = {"x.com", "twitter.com", "mobile.twitter.com", "mobile.x.com"}
_BAD_HOST = re.compile(r"[<>\"'`{}|\\^\s/?#@\[\]]")
#: An address written out in full (``https://…``) or from ``www.``
_FULL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", re.I)
#: Top-level domains of the addresses people write without ``https://``
_TLDS = (
    "com|org|net|io|dev|me|co|app|xyz|info|blog|page|site|social|online|tech|eu|uk|de|fr|nl|ca"
    "|au|ie|nz|se|no|fi|dk|es|it|pt|pl|ch|at|be|cz|jp|in|us|is|ai|sh|gg|cc|art|design|works"
    "|to|rs|tv|fm|ee|gl|ly|im|exchange|cafe|lgbt|space|zone|town|club|world|network|cloud"
)
#: A bare address with a path ("github.com/alice", "alice.example.org/about"): the path is
#: what tells it from a dotted word ("ASP.NET", "Node.js"); any top-level domain when the
#: path names an account as the fediverse writes it ("mas.to/@alice")
_BARE_WITH_PATH = re.compile(
    rf"(?<![\w@./:-])((?:[a-z0-9-]+\.)+(?:(?:{_TLDS})/|[a-z]{{2,24}}/@)[^\s<>\"'()\[\]{{}}]*)",
    re.I,
)
#: A bare address without a path ("alice.example.org"), which some platforms' clients link
_BARE = re.compile(rf"(?<![\w@./:-])((?:[a-z0-9-]+\.)+(?:{_TLDS}))(?![\w./-])", re.I)
#: Hosts people write with capitals ("GitHub.com/alice"); any other bare host written with
#: capitals is taken for words ("ASP.NET/C#", "PyCon.de/2024", "Ex-Booking.com/Amazon")
_WRITTEN_HOSTS = frozenset(
    [
        "github.com",
        "gitlab.com",
        "codeberg.org",
        "x.com",
        "twitter.com",
        "instagram.com",
        "linkedin.com",
        "facebook.com",
        "reddit.com",
        "youtube.com",
        "medium.com",
        "dev.to",
        "lobste.rs",
        "keybase.io",
        "bsky.app",
        "twitch.tv",
        "linktr.ee",
        "substack.com",
        "mastodon.social",
    ]
)
_TRAILING = ".,;:!?)"
#: any white space (what str.isspace says), looked for in one pass
_SPACE = re.compile(r"\s")


def addresses_in(text: str | None, *, bare: bool = False) -> list[str]:
    """The web addresses written in plain text, in order: written out in full (``https://…``,
    ``www.…``, given ``https://`` when it is missing) or bare with a path (``github.com/alice``,
    which a reader follows as surely); with ``bare``, bare domains without a path too
    (``alice.example.org``: some platforms' clients link them, so their users write them so)."""
    return list(_FOUND.get((text, bare), lambda: _addresses_in(text, bare))) if text else []


#: the addresses of the texts read: the signals and the search for the fewest changes read
#: each account's bio again for every version they try
_FOUND: Kept[tuple[str, ...]] = Kept(limit=1_000)


def _addresses_in(text: str, bare: bool) -> tuple[str, ...]:
    found: list[tuple[int, str]] = []
    for match in _FULL.finditer(text):
        url = match.group().rstrip(_TRAILING)
        found.append((match.start(), "https://" + url if url[:4].lower() == "www." else url))
    rest = _FULL.sub(lambda m: " " * len(m.group()), text)
    for pattern in (_BARE_WITH_PATH, _BARE) if bare else (_BARE_WITH_PATH,):
        for match in pattern.finditer(rest):
            host = match.group(1).split("/", 1)[0]
            if host == host.lower() or host.lower() in _WRITTEN_HOSTS:
                found.append((match.start(), "https://" + match.group(1).rstrip(_TRAILING)))
        rest = pattern.sub(lambda m: " " * len(m.group()), rest)
    return tuple(url for _, url in sorted(found))


def written_form(url: str, text: str) -> str:
    """``url``, found in ``text`` by :func:`addresses_in`, as ``text`` writes it (without the
    ``https://`` the finder gave a bare address)."""
    return url if url in text else url.split("://", 1)[-1]


def link_key(url: str | None) -> str | None:
    """A link as links are compared: normalised, in lower case (a bio's "github.com/hollis-ops"
    is the link "https://github.com/Hollis-Ops")."""
    norm = normalise_url(url)
    return norm.lower() if norm else None


def normalise_url(url: str | None) -> str | None:
    """A canonical form of a web address, so that two spellings of one address compare equal.

    Adds a missing scheme, uses https, lower-cases the host, drops ``www.``, credentials,
    default ports, fragments, tracking parameters and a trailing slash. Returns None for
    anything that is not a web address. Idempotent: a normalised address normalises to itself.
    """
    if not url:
        return None
    url = url.strip().strip("<>\"'")
    if not url or _SPACE.search(url) or not url.isprintable():
        return None
    if url.startswith("//"):
        url = "https:" + url
    if "://" not in url:
        if url.lower().startswith(("mailto:", "javascript:", "data:", "tel:")):
            return None
        url = "https://" + url
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or _BAD_HOST.search(host):
        return None
    if ":" in host:  # an IPv6 literal
        try:
            host = f"[{ipaddress.IPv6Address(host).compressed}]"
        except ValueError:
            return None
    elif ("." not in host and host != "localhost") or "" in host.split("."):
        return None
    while host.startswith("www.") and "." in host[4:]:
        host = host[4:]
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "").rstrip("/")
    path = _quotes_escaped(path)
    tracking = _TRACKING_X if host in _X_HOSTS else _TRACKING
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not tracking.match(k)]
    )
    return urlunsplit(("https", netloc, path, query, ""))


def shown_url(url: str | None) -> str | None:
    """A web address as a profile wrote it, fit to store and to fetch: the scheme, host and
    path as written (a site may answer only at ``www.``, or only over http), with a scheme
    where it had none, and without credentials, fragment or tracking parameters. None for
    anything :func:`normalise_url` does not take for a web address."""
    if normalise_url(url) is None:
        return None
    url = (url or "").strip().strip("<>\"'")
    if url.startswith("//"):
        url = "https:" + url
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    tracking = _TRACKING_X if host.removeprefix("www.") in _X_HOSTS else _TRACKING
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not tracking.match(k)]
    )
    # quotes escaped as the canonical form has them: one written last, left bare once the
    # fragment after it is gone, would be taken for the end of a quotation ("…/'#")
    return urlunsplit((parts.scheme.lower(), netloc, _quotes_escaped(parts.path), query, ""))


def _quotes_escaped(path: str) -> str:
    """A path with its quotes and angle brackets percent-encoded (``'`` as ``%27``)."""
    return re.sub(r"[<>\"']", lambda m: f"%{ord(m.group()):02X}", path)


def ascii_host(host: str) -> str:
    """A host name as addresses carry it, lower-case, by the rules browsers use (IDNA 2008,
    UTS 46): ``bücher.example`` is ``xn--bcher-kva.example`` and ``straße.example`` is
    ``xn--strae-oqa.example``, not ``strasse.example`` as Python's own "idna" codec (IDNA 2003)
    has it. Raises :class:`UnicodeError` for a name that cannot be one."""
    text = host.strip().rstrip(".")
    if text.isascii():
        return text.lower()
    return idna.encode(text, uts46=True, transitional=False).decode("ascii")


def host_forms(host: str) -> set[str]:
    """A host name as people write it and as addresses carry it, lower-case:
    ``bücher.example`` and ``xn--bcher-kva.example`` are one server."""
    forms = {host.lower()}
    for spell in (ascii_host, idna.decode):
        try:
            forms.add(spell(host).lower())
        except UnicodeError:
            continue
    return forms


def short_url(url: str) -> str:
    """A web address as a sentence says it: without its scheme or a trailing slash
    (``https://blog.example.net/`` -> ``blog.example.net``)."""
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
    return url.rstrip("/")
