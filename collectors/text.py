"""Text helpers every collector shares: HTML to plain text, writing clean-up, URL normalising."""

from __future__ import annotations

import re
import warnings
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)

MAX_FIELD_CHARS = 20_000
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "header",
    "footer",
}
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|dclid|mc_cid|mc_eid|igshid|ref_src|si|s)$", re.I)
_WS = re.compile(r"[ \t\r\f\v\u00a0]+")
_URL_IN_TEXT = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", re.I)


def clip(text: str | None, limit: int = MAX_FIELD_CHARS) -> str | None:
    """Cap a field's length so one huge value cannot swamp a record or a report."""
    if text is None:
        return None
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def html_to_text(
    html: str | None, *, drop_quotes: bool = False, drop_code: bool = True
) -> tuple[str, list[str]]:
    """Convert an HTML fragment to plain text and the links it holds.

    Mastodon's invisible URL parts are kept (the visible text is the full URL), quoted replies
    (``<blockquote>``) are dropped when ``drop_quotes`` and code blocks when ``drop_code``.
    """
    if not html:
        return "", []
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template", "noscript"]):
        tag.decompose()
    if drop_code:
        for tag in soup(["pre"]):
            tag.decompose()
    if drop_quotes:
        for tag in soup(["blockquote"]):
            tag.decompose()
    links = []
    for anchor in soup.find_all("a", href=True):
        href = str(anchor["href"]).strip()
        if href.startswith(("http://", "https://")):
            links.append(href)
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text()
    return tidy(text), links


def tidy(text: str) -> str:
    """Fold runs of spaces and blank lines; strip control characters."""
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    lines = [_WS.sub(" ", line).strip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


_FENCE = re.compile(r"^\s*(```|~~~)")


def clean_markdown(text: str | None) -> str:
    """Plain writing from Markdown-ish text: quoted lines and code blocks removed."""
    if not text:
        return ""
    out: list[str] = []
    fenced = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or line.startswith(("    ", "\t")) or line.lstrip().startswith(">"):
            continue
        out.append(line)
    text = "\n".join(out)
    text = re.sub(r"`[^`\n]+`", " ", text)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    return tidy(text)


def urls_in_text(text: str | None) -> list[str]:
    """Web addresses written in plain text (``https://…`` or ``www.…``)."""
    if not text:
        return []
    found = []
    for match in _URL_IN_TEXT.findall(text):
        url = match.rstrip(".,;:!?")
        if url.lower().startswith("www."):
            url = "https://" + url
        found.append(url)
    return found


def normalise_url(url: str | None) -> str | None:
    """A canonical form of a web address, so that two spellings of one address compare equal.

    Adds a missing scheme, uses https, lower-cases the host, drops ``www.``, default ports,
    fragments, tracking parameters and a trailing slash. Returns None for anything that is not
    a web address.
    """
    if not url:
        return None
    url = url.strip().strip("<>\"'")
    if not url or any(ch.isspace() for ch in url):
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
    if (
        parts.scheme.lower() not in ("http", "https")
        or not host
        or ("." not in host and host != "localhost")
    ):
        return None
    if host.startswith("www."):
        host = host[4:]
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "")
    path = path.rstrip("/")
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
    )
    return urlunsplit(("https", netloc, path, query, ""))


def unique_links(urls: list[str | None]) -> list[str]:
    """Normalised, de-duplicated links in first-seen order."""
    seen: dict[str, None] = {}
    for url in urls:
        norm = normalise_url(url)
        if norm and norm not in seen:
            seen[norm] = None
    return list(seen)
